import { LOADERS } from '../evaluate/loaders';
import { isParameterFileText } from '../evaluate/arm/parameters';
import { tooLargeMessage } from '../discover';

const BY_NAME = /\.(tf|tfvars|bicep|bicepparam|ya?ml)$|\.(tf|tfvars)\.json$/i;

/**
 * Whether the server lints a document: Terraform, tfvars, Bicep, .bicepparam, manifests by name; JSON
 * only when it is an ARM template or parameters file (by content, as the scanner tells them apart).
 * Anything else gets no diagnostics and is never parsed.
 */
export function isLintable(filePath: string, text: string): boolean {
  if (BY_NAME.test(filePath)) return true;
  if (!/\.jsonc?$/i.test(filePath)) return false;
  return isParameterFileText(text) || LOADERS.some((l) => l.claims(filePath, text));
}

/** Why a document is not scanned, in the scanner's words (a named file is refused the same way). */
export function refusal(text: string, maxBytes: number): string | undefined {
  if (text.includes('\u0000')) return 'binary file (contains NUL bytes), not scanned';
  if (Buffer.byteLength(text, 'utf8') > maxBytes) return tooLargeMessage(maxBytes);
  return undefined;
}
