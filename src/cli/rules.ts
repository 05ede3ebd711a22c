import type { Rule, RuleMeta } from '../../policies/api';

const WHERE_FIXES_APPLY =
  'Offered where the value is written in the scanned files. When it comes from a variable, a parameter, a tfvars or a parameter file, the fix edits it where it is defined if that definition is in the scanned files and used by nothing else; otherwise (a computed value, a definition shared with other settings, an input of a module) no fix is offered.';

/** How the rule's fixes are applied: `safe`, `unsafe`, `safe or unsafe`, or '' without a fix. */
export function fixSafety(rule: RuleMeta): string {
  if (!rule.fix) return '';
  if (rule.fixRequiresRecreate || rule.fix.unsafe) return 'unsafe';
  return rule.fix.unsafeWhen ? 'safe or unsafe' : 'safe';
}

/** What the automatic fix does, whether it is safe, and when it is offered: for explain and the docs. */
export function fixParagraphs(rule: RuleMeta): string[] {
  if (!rule.fix) return ['No automatic fix: the change needs a decision akslint cannot make for you.'];
  const safety = rule.fixRequiresRecreate
    ? 'Unsafe (scan --fix-unsafe only): the setting can only be chosen at creation, so applying it replaces the cluster.'
    : rule.fix.unsafe
      ? `Unsafe (scan --fix-unsafe only): ${rule.fix.unsafe}.`
      : rule.fix.unsafeWhen
        ? `Safe (scan --fix, fix on save), except when ${rule.fix.unsafeWhen}; then it is unsafe (scan --fix-unsafe only).`
        : 'Safe: applied by scan --fix and by fix on save in the editor.';
  return [rule.fix.description, safety, WHERE_FIXES_APPLY];
}

/** `akslint rules`: a table, JSON, or the Markdown table the README embeds. */
export function rulesTable(rules: readonly Rule[], format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') {
    return (
      JSON.stringify(
        rules.map((r) => ({
          id: r.id,
          slug: r.slug,
          title: r.title,
          severity: r.severity,
          view: r.view.name,
          formats: r.view.formats,
          fixRequiresRecreate: r.fixRequiresRecreate,
          fix: fixSafety(r) || null,
          description: r.description,
        })),
        null,
        2,
      ) + '\n'
    );
  }
  if (format === 'markdown') {
    const lines = [
      '| id | rule | severity | formats | fix recreates | automatic fix |',
      '| --- | --- | --- | --- | --- | --- |',
    ];
    for (const r of rules) {
      lines.push(
        `| [${r.id}](docs/rules/${r.id}.md) | ${r.title} | ${r.severity} | ${r.view.formats.join(', ')} | ${r.fixRequiresRecreate ? 'yes' : ''} | ${fixSafety(r)} |`,
      );
    }
    return lines.join('\n') + '\n';
  }
  const rows = rules.map((r) => [
    r.id,
    r.severity,
    r.view.formats.join(','),
    r.title + (r.fixRequiresRecreate ? ' (create-only)' : ''),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length), 0));
  return rows.map((row) => row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ')).join('\n') + '\n';
}

/** `akslint explain ID`: everything the rule's metadata says, nothing typed twice. */
export function explainRule(rule: Rule): string {
  const out = [
    `${rule.id} ${rule.title} (${rule.slug})`,
    `severity: ${rule.severity}    applies to: ${rule.view.formats.join(', ')}`,
    '',
    rule.description,
    '',
    'Why it matters',
    indent(rule.rationale),
    '',
  ];
  if (rule.fixRequiresRecreate) {
    out.push(
      'Fixing it means a new cluster',
      indent(
        'This setting can only be chosen when the cluster is created (Terraform plans a replacement): plan a migration.',
      ),
      '',
    );
  }
  for (const [format, snippet] of Object.entries(rule.remediation)) {
    out.push(`How to fix it (${format})`, indent(snippet ?? ''), '');
  }
  out.push('Automatic fix', ...fixParagraphs(rule).map(indent), '');
  if (rule.references.length > 0) out.push('References', ...rule.references.map((r) => `  ${r}`), '');
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** The rule's documentation page (docs/rules/<ID>.md), generated from its metadata. */
export function ruleDoc(rule: Rule): string {
  const out = [
    `# ${rule.id}: ${rule.title}`,
    '',
    `Severity: **${rule.severity}** · slug: \`${rule.slug}\` · applies to: ${rule.view.formats.join(', ')}` +
      (rule.fixRequiresRecreate ? ' · **the fix means a new cluster**' : ''),
    '',
    rule.description,
    '',
    '## Why it matters',
    '',
    rule.rationale,
    '',
  ];
  if (rule.fixRequiresRecreate) {
    out.push(
      'This setting can only be chosen when the cluster (or node pool) is created; Terraform plans a replacement. Plan a migration to a new cluster.',
      '',
    );
  }
  out.push('## How to fix it', '');
  const fence: Record<string, string> = { terraform: 'hcl', bicep: 'bicep', arm: 'json', kubernetes: 'yaml' };
  for (const [format, snippet] of Object.entries(rule.remediation)) {
    out.push(`${format}:`, '', '```' + (fence[format] ?? ''), snippet ?? '', '```', '');
  }
  out.push('## Automatic fix', '', ...fixParagraphs(rule).flatMap((p) => [p, '']));
  out.push(
    '## Suppressing it',
    '',
    `Accept the risk on purpose with a reason: \`# akslint-ignore ${rule.id}: <why>\` on the line before the resource or attribute (\`//\` in Bicep and ARM JSON).`,
    '',
  );
  if (rule.references.length > 0)
    out.push('## References', '', ...rule.references.map((r) => `- <${r}>`), '');
  return out.join('\n');
}
