import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAutoLoadedVariableFile } from '../model';
import { displayPath } from './host';
import { TrackedFiles, walkFolder } from './walk';

const TERRAFORM = /\.tf(\.json)?$/i;
const TFVARS = /\.tfvars(\.json)?$/i;
const BICEP = /\.bicep$/i;
const BICEP_OR_PARAMS = /\.bicep(param)?$/i;
const BICEPPARAM = /\.bicepparam$/i;
/** The template a `.bicepparam` file deploys. */
const BICEP_USING = /^[ \t]*using\s+'([^'$\n]+)'/m;
const JSON_FILE = /\.jsonc?$/i;
const YAML = /\.ya?ml$/i;
const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;
/** Kustomizations reach other folders through `resources`; a chain this long is a loop or a mistake. */
const MAX_KUSTOMIZATION_DEPTH = 8;
/**
 * Terraform files read to find who calls a named module: far above a real repository's, and a bound on
 * the work a pre-commit hook may do in a huge tree (past it, callers in the remaining files are missed).
 */
const MAX_CALLER_SEARCH_FILES = 20_000;
/** A backend or Terraform Cloud block at the start of a line, in HCL or JSON. */
const ROOT_BLOCK = /^\s*(backend\s+"|cloud\s*\{|"(backend|cloud)"\s*:\s*\{)/m;
/** A local module source as written in HCL (`source = "../modules/aks"`) or in JSON (`"source": "./aks"`). */
const LOCAL_SOURCE = /(?:\bsource\s*=|"source"\s*:)\s*"(\.{1,2}\/[^"]*)"/g;
/**
 * A Bicep module declaration and its path (`module aks '../modules/aks.bicep' = {`: local or a
 * registry's), or the template a parameters file is for (`using '../main.bicep'`).
 */
const BICEP_CALL = /^[ \t]*(?:module\s+[A-Za-z_]\w*|using)\s+'([^'$\n]+)'/gm;
/** The size past which a scan skips a file by default (discover/index.ts): no linking template is larger. */
const MAX_LINKING_TEMPLATE_BYTES = 5 * 1024 * 1024;
/** An ARM deployment's link to a template by a path relative to the linking one. */
const ARM_RELATIVE_PATH = /"relativePath"\s*:\s*"([^"\\]+)"/g;
/** An ARM deployment parameters file (its schema). */
const ARM_PARAMETERS = /deploymentParameters\.json#/;
/** A registry or template spec reference (`br:…`, `br/public:…`, `ts:…`): not a file of the tree. */
const REGISTRY_REFERENCE = /^(br|ts)[:/]/i;

/**
 * How each language's files call local modules, for the search of who calls a named module:
 * - Terraform: a `source` string starting `./` or `../` (most files have none, the bench corpus: one in
 *   ten, and a look for those is far cheaper than the expression over the whole text); the caller is
 *   the calling file's folder, as a Terraform module is;
 * - Bicep: a `module` declaration's path (`modules/aks.bicep`: relative, with or without `./`), or a
 *   `.bicepparam` file's `using`; the caller is the calling file, as a Bicep module is;
 * - kustomize: a kustomization's local `resources` (a folder or a manifest); the caller is the
 *   kustomization's folder, which renders what it lists (an overlay renders its base);
 * - ARM: a deployment's `templateLink.relativePath` (relative to the linking template); the caller is
 *   the linking template.
 */
interface ModuleLanguage {
  name: 'terraform' | 'bicep' | 'kustomize' | 'arm';
  files: RegExp;
  mayCall(text: string): boolean;
  /** The paths a file's text calls, as written (relative to its folder). */
  callsIn(text: string): string[];
  /** Files larger than this are not read (JSON holds data files of any size; a scan skips them too). */
  maxBytes?: number;
  callerOf(file: string): string;
}

const TERRAFORM_CALLS: ModuleLanguage = {
  name: 'terraform',
  files: TERRAFORM,
  mayCall: (text) => text.includes('"./') || text.includes('"../'),
  callsIn: (text) => [...text.matchAll(LOCAL_SOURCE)].map((m) => m[1]),
  callerOf: (file) => path.dirname(file),
};

const BICEP_CALLS: ModuleLanguage = {
  name: 'bicep',
  files: BICEP_OR_PARAMS,
  mayCall: (text) => text.includes('module') || text.includes('using'),
  callsIn: (text) =>
    [...text.matchAll(BICEP_CALL)].map((m) => m[1]).filter((p) => !REGISTRY_REFERENCE.test(p)),
  callerOf: (file) => file,
};

const KUSTOMIZE_CALLS: ModuleLanguage = {
  name: 'kustomize',
  files: KUSTOMIZATION,
  mayCall: (text) => text.includes('resources') || text.includes('bases'),
  callsIn: (text) => kustomizationResources(text),
  callerOf: (file) => path.dirname(file),
};

const ARM_CALLS: ModuleLanguage = {
  name: 'arm',
  files: JSON_FILE,
  mayCall: (text) => text.includes('relativePath'),
  callsIn: (text) => [...text.matchAll(ARM_RELATIVE_PATH)].map((m) => m[1]),
  callerOf: (file) => file,
  maxBytes: MAX_LINKING_TEMPLATE_BYTES,
};

const LANGUAGES = {
  terraform: TERRAFORM_CALLS,
  bicep: BICEP_CALLS,
  kustomize: KUSTOMIZE_CALLS,
  arm: ARM_CALLS,
};

/**
 * The files a named file needs to be evaluated as part of its deployment, as a folder scan would:
 * - Terraform (`.tf`, `.tfvars`): the module folder's own files are read by the loader; here, the
 *   folders anywhere in the working directory (above it, or beside it: `envs/prod` calling
 *   `../../modules/aks`) whose configuration calls it as a local module, and their callers in turn, so
 *   a module's `variables.tf` is evaluated through every root that uses it (for a folder that is a root
 *   itself, only the folders above it); for a `.tfvars` file, the nearest folder at or above it that
 *   holds a configuration, and its callers;
 * - Bicep: the templates anywhere in the working directory that call it as a module, and their callers
 *   in turn, each with the templates of its folder, and the `.bicepparam` files that deploy any of them
 *   (the loader reads the modules a template calls); for a template that `.bicepparam` files in its
 *   folder or the folders below deploy (a root), those files and the templates above that call it;
 * - ARM (`.json`): the other JSON files and the Bicep templates of its folder, so a parameters file finds
 *   its template, and the templates anywhere that link it (`templateLink.relativePath`), each with the
 *   JSON files of its folder;
 * - Kubernetes manifests: the other manifests of its folder and what its kustomization lists, the
 *   kustomizations anywhere in the working directory that render it (an overlay of its base) with what
 *   they list, and the manifests of its namespaces in its folder of manifests, so network and namespace
 *   rules see the policies around a workload.
 *
 * Paths are display paths (relative to `cwd`); nothing outside `cwd` is listed but the named file's
 * own folder.
 */
export function deploymentCompanions(
  named: readonly string[],
  workingDir: string,
  limits: CallerLimit = {},
): string[] {
  return [...companionFiles(named, workingDir, limits).keys()];
}

/**
 * The companions as deploymentCompanions lists them, each display path with its absolute path: a
 * module's file named alone may bring thousands, and resolving each display path again was a tenth of
 * the time discovery took.
 */
export function companionFiles(
  named: readonly string[],
  workingDir: string,
  limits: CallerLimit = {},
  onListing?: (absDir: string, entries: readonly fs.Dirent[]) => void,
): Map<string, string> {
  // Normalised, so that the walk up from a named file stops at it.
  const cwd = path.resolve(workingDir);
  const found = new Map<string, string>();
  // Companions below the working directory (nearly all) are shown as the rest of their path: a
  // path.relative for each was a sixth of the search when 131 roots call the named module (profiled).
  const below = withSep(cwd);
  const add = (abs: string) =>
    found.set(abs.startsWith(below) ? slashed(abs.slice(below.length)) : displayPath(abs, cwd), abs);
  const maxFiles = limits.maxSearchFiles ?? MAX_CALLER_SEARCH_FILES;
  const calls = new Map<ModuleLanguage, LocalModuleCalls>();
  const searched = (language: ModuleLanguage, display: string) => {
    let found = calls.get(language);
    if (!found) {
      found =
        limits.index?.get(cwd, language.name) ??
        (limits.index
          ? limits.index.build(cwd, language.name)
          : localModuleCalls(cwd, language, maxFiles, onListing));
      calls.set(language, found);
    }
    if (found.unread > 0) limits.onSearchCut?.(display, maxFiles, found.unread);
    return found;
  };
  // A folder Terraform is run in is rarely called from elsewhere: its callers are looked for only above
  // it, which spares a pre-commit hook in a large tree the read of every Terraform file (a root of the
  // bench corpus: 1 ms, against 21-32 ms for a walk of its 4,851 files). A module's callers may be
  // anywhere (`envs/prod` calling `../../modules/aks`).
  // The callers of any of `modules` (a manifest and its folder, which a kustomization may list either).
  const callersOf = (modules: readonly string[], display: string, language: ModuleLanguage) => {
    let all: string[];
    if (language === TERRAFORM_CALLS && modules.length === 1 && isOwnRoot(modules[0]))
      all = callersAbove(modules[0], cwd, TERRAFORM);
    else {
      const found = searched(language, display);
      all = [...new Set(modules.flatMap((m) => found.callersOf(m)))].sort();
    }
    const max = limits.maxCallers;
    if (max === undefined || all.length <= max) return all;
    limits.onCut?.(display, max, all.length);
    return all.slice(0, max);
  };
  for (const display of named) {
    const abs = path.resolve(cwd, display);
    const dir = path.dirname(abs);
    const base = path.basename(abs);
    if (TERRAFORM.test(base)) {
      for (const caller of callersOf([dir], display, TERRAFORM_CALLS))
        filesIn(caller, TERRAFORM).forEach(add);
    } else if (TFVARS.test(base)) {
      const root = nearestWith(dir, cwd, TERRAFORM);
      if (root) {
        filesIn(root, TERRAFORM).forEach(add);
        for (const caller of callersOf([root], display, TERRAFORM_CALLS))
          filesIn(caller, TERRAFORM).forEach(add);
      }
    } else if (BICEP.test(base)) {
      const deployedBy = parameterFilesNear(abs);
      if (deployedBy.length > 0) {
        // A template that parameter files beside it deploy is a root, as a Terraform folder with its
        // own tfvars is: its callers are looked for only beside and above it (a pre-commit hook spares
        // the walk of the tree, 21-32 ms on the bench corpus's 4,851 files).
        deployedBy.forEach(add);
        if (filesIn(dir, BICEP).some((f) => f !== abs && readText(f)?.includes(`'${base}'`)))
          filesIn(dir, BICEP).forEach(add);
        for (const caller of callersAbove(abs, cwd, BICEP)) filesIn(caller, BICEP).forEach(add);
        continue;
      }
      // A Bicep module is a file, called from anywhere in the tree (`envs/prod/main.bicep` calling
      // `../../modules/aks.bicep`), its callers deployed by parameter files anywhere too: each calling
      // template comes with the templates of its folder, each parameters file alone.
      const callers = callersOf([abs], display, BICEP_CALLS);
      const folders = new Set(callers.filter((f) => BICEP.test(f)).map((f) => path.dirname(f)));
      for (const folder of [...folders].sort()) filesIn(folder, BICEP).forEach(add);
      for (const params of callers) if (!BICEP.test(params)) add(params);
    } else if (JSON_FILE.test(base)) {
      // A parameters file of an ARM template beside it, or of a Bicep template (`main.parameters.prod.json`
      // for `main.bicep`): the loaders pair them.
      const beside = filesIn(dir, JSON_FILE);
      beside.forEach(add);
      filesIn(dir, BICEP).forEach(add);
      // A template another links (`templateLink.relativePath`) is evaluated through it, with the
      // parameters it passes: its callers anywhere, each with the JSON files of its folder. Not for a
      // parameters file, nor for a template a parameters file beside it deploys (a root, as above).
      const text = readText(abs) ?? '';
      if (
        !ARM_PARAMETERS.test(text) &&
        /"resources"/.test(text) &&
        !beside.some((f) => ARM_PARAMETERS.test(readText(f) ?? ''))
      ) {
        const folders = new Set(callersOf([abs], display, ARM_CALLS).map((f) => path.dirname(f)));
        for (const folder of [...folders].sort()) filesIn(folder, JSON_FILE).forEach(add);
      }
    } else if (YAML.test(base)) {
      manifestsWith(dir, cwd, new Set()).forEach(add);
      // A manifest a kustomization renders (a base's) is checked, as a folder scan checks it, in each
      // kustomization that renders it in turn (an overlay, with the policies it adds).
      if (kustomizationIn(dir)) {
        for (const folder of callersOf([abs, dir], display, KUSTOMIZE_CALLS))
          manifestsWith(folder, cwd, new Set()).forEach(add);
      }
      for (const f of sameNamespaceManifests(
        abs,
        dir,
        cwd,
        maxFiles,
        () => limits.onManifestSearchCut?.(display, maxFiles),
        limits.index,
      ))
        add(f);
    }
  }
  for (const display of named) found.delete(display);
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * At most `maxCallers` callers of a named file are read (the first by path; see ModuleLanguage for what
 * a caller is in each language); `onCut` hears of each file whose callers were cut. An editor re-lints on every keystroke: a module that a
 * hundred roots call would take seconds each time.
 */
export interface CallerLimit {
  maxCallers?: number;
  onCut?: (named: string, kept: number, total: number) => void;
  /** Terraform files the search for callers reads at most (default MAX_CALLER_SEARCH_FILES; tests). */
  maxSearchFiles?: number;
  /** Told when the search for callers read `read` Terraform files and left `unread` more unread. */
  onSearchCut?: (named: string, read: number, unread: number) => void;
  /** Keeps the tree's module calls between scans (a language server forgets them when a file changes). */
  index?: ModuleCallIndex;
  /**
   * Told when the folder of loose manifests above a named manifest held more than `max` files, so that
   * its namespaces' other manifests were looked for only in the folders below (see sameNamespaceManifests).
   */
  onManifestSearchCut?: (named: string, max: number) => void;
}

/**
 * The local module calls of each language's files under each working directory (see ModuleLanguage),
 * and the deployments of manifests named manifests are in, read once until forgotten.
 */
export class ModuleCallIndex {
  private readonly byCwd = new Map<string, LocalModuleCalls>();
  /** The folder of loose manifests above each folder a named manifest was in, by working directory. */
  readonly manifestFolders = new Map<string, ManifestFolder>();

  get(cwd: string, language: ModuleLanguage['name']): LocalModuleCalls | undefined {
    return this.byCwd.get(`${language}\0${cwd}`);
  }

  build(cwd: string, language: ModuleLanguage['name']): LocalModuleCalls {
    const calls = localModuleCalls(cwd, LANGUAGES[language]);
    this.byCwd.set(`${language}\0${cwd}`, calls);
    return calls;
  }

  /** A Terraform, Bicep or manifest file changed on disk: its calls or namespaces may have. */
  forget(): void {
    this.byCwd.clear();
    this.manifestFolders.clear();
  }
}

/**
 * Regular files directly in a folder (absolute and normalised) whose names match, as absolute paths:
 * the folder and the name, without a path.join each (a file name has no separator or dot segment).
 */
function filesIn(dir: string, pattern: RegExp): string[] {
  const prefix = withSep(dir);
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => prefix + e.name)
      .sort();
  } catch {
    return [];
  }
}

/** A folder's path with one separator at its end. */
function withSep(dir: string): string {
  return dir.endsWith(path.sep) ? dir : dir + path.sep;
}

/** A relative path with forward slashes, as display paths have them. */
function slashed(rel: string): string {
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

function isInside(target: string, root: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folders above `dir`, nearest first, up to and including `cwd` (none when `dir` is outside it). */
function foldersAbove(dir: string, cwd: string): string[] {
  const out: string[] = [];
  if (!isInside(dir, cwd)) return out;
  for (let d = dir; d !== cwd;) {
    d = path.dirname(d);
    out.push(d);
    if (d === path.dirname(d)) break;
  }
  return out;
}

function nearestWith(dir: string, cwd: string, pattern: RegExp): string | undefined {
  return [dir, ...foldersAbove(dir, cwd)].find((d) => filesIn(d, pattern).length > 0);
}

/**
 * A folder Terraform is run in: it has its own auto-loaded variable file, or a backend or Terraform Cloud
 * block (read as text: the loader decides what the files hold). A provider block is no sign: modules
 * written the old way have one, and are called from anywhere.
 */
function isOwnRoot(dir: string): boolean {
  if (filesIn(dir, TFVARS).some(isAutoLoadedVariableFile)) return true;
  return filesIn(dir, TERRAFORM).some((f) => ROOT_BLOCK.test(readText(f) ?? ''));
}

/**
 * The `.bicepparam` files in a template's folder and the folders directly below it (`environments/`,
 * `params/`) that deploy it (`using '../main.bicep'`).
 */
function parameterFilesNear(template: string): string[] {
  const dir = path.dirname(template);
  let below: string[];
  try {
    below = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => withSep(dir) + e.name)
      .sort();
  } catch {
    return [];
  }
  return [dir, ...below].flatMap((folder) =>
    filesIn(folder, BICEPPARAM).filter((f) => {
      const using = BICEP_USING.exec(readText(f) ?? '');
      return using !== null && path.resolve(folder, using[1]) === template;
    }),
  );
}

interface LocalModuleCalls {
  /**
   * Who calls a module (absolute: a Terraform module's folder, a Bicep module's file, what a
   * kustomization lists, a linked template), and their callers in turn, sorted, as the language's
   * `callerOf` names them.
   */
  callersOf(module: string): string[];
  /** Files left unread by the limit on the search (0: every one was read). */
  unread: number;
}

/**
 * Every local module call of one language's files in the working directory that a folder scan there
 * would read (.gitignore and .akslintignore honoured, dot folders and node_modules left out), read once:
 * a module may be called from anywhere in the tree. Only the path is read; the loader decides what is a
 * call. Past `maxFiles` files the rest are not read, and `unread` says how many. `onListing` is told each
 * folder's listing as the walk read it (see walkFolder).
 */
function localModuleCalls(
  cwd: string,
  language: ModuleLanguage,
  maxFiles = MAX_CALLER_SEARCH_FILES,
  onListing?: (absDir: string, entries: readonly fs.Dirent[]) => void,
): LocalModuleCalls {
  const callersByModule = new Map<string, Set<string>>();
  const files = walkFolder(
    cwd,
    new TrackedFiles(),
    [],
    () => false,
    (name) => language.files.test(name),
    onListing,
  );
  // The walk's paths are relative, with forward slashes and no dot segments.
  const prefix = withSep(cwd);
  const native = (rel: string) => (path.sep === '/' ? rel : rel.split('/').join(path.sep));
  for (const rel of files.slice(0, maxFiles)) {
    const abs = prefix + native(rel);
    if (language.maxBytes !== undefined && sizeOf(abs) > language.maxBytes) continue;
    const text = readText(abs);
    if (text === undefined || !language.mayCall(text)) continue;
    const dir = path.dirname(abs);
    const caller = language.callerOf(abs);
    for (const call of language.callsIn(text)) {
      const module = path.resolve(dir, call);
      const callers = callersByModule.get(module);
      if (callers) callers.add(caller);
      else callersByModule.set(module, new Set([caller]));
    }
  }
  return {
    unread: Math.max(0, files.length - maxFiles),
    callersOf(module) {
      const out = new Set<string>();
      const pending = [path.resolve(module)];
      while (pending.length > 0) {
        for (const caller of callersByModule.get(pending.pop()!) ?? []) {
          if (out.has(caller) || caller === module) continue;
          out.add(caller);
          pending.push(caller);
        }
      }
      return [...out].sort();
    },
  };
}

/**
 * Folders above a root (a Terraform folder, a Bicep template) whose files name it as a local module
 * source (`./envs/prod`, `./envs/prod/main.bicep`), and their own callers in turn. A file mentioning the
 * relative path is enough: the loader decides what is a call.
 */
function callersAbove(module: string, cwd: string, pattern: RegExp): string[] {
  const callers: string[] = [];
  let target = module;
  const moduleIsFile = pattern === BICEP;
  for (const above of foldersAbove(moduleIsFile ? path.dirname(module) : module, cwd)) {
    const rel = path.relative(above, target).split(path.sep).join('/');
    const calls = filesIn(above, pattern).some((f) => readText(f)?.includes(rel));
    if (!calls) continue;
    callers.push(above);
    target = above;
  }
  return callers;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A Flux Kustomization's `path:` (relative to the repository's root). */
const FLUX_PATH = /^[ \t]+path:[ \t]*["']?([^"'\s#]+)["']?[ \t]*(#.*)?$/gm;
/** A Namespace object (`kind: Namespace`). */
const NAMESPACE_OBJECT = /^kind:[ \t]*["']?Namespace["']?[ \t]*(#.*)?$/m;
/** A `namespace:` field of a manifest (block style), and its value. */
const NAMESPACE_FIELD = /^[ \t]*namespace:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*(#.*)?$/gm;
/** Files whose presence makes a folder more than loose manifests (graph/deployments.ts, folderDeployments). */
const NOT_LOOSE_MANIFESTS = /\.(tf|tf\.json|tfvars|tfvars\.json|bicep|bicepparam|jsonc?)$/i;

/**
 * The manifests that share a namespace with a named manifest in the deployment a folder scan places it
 * in (graph/deployments.ts), which judges a namespace's workloads with the NetworkPolicies and bindings
 * anywhere in it: the Flux clusters that apply its folder (every folder they apply), else, unless a
 * kustomization renders it (manifestsWith and the kustomize callers), its folder of loose manifests, the
 * highest folder above it that holds nothing but manifests (a default-deny policy in
 * `namespaces/payments-dev/` counts for the pods of `apps/gateway/`).
 * Those with a `namespace:` field naming one of the named file's, and every file with a Namespace
 * object: the loader decides what is in them. Past `maxFiles` files below a folder, the search stays
 * below it and `onCut` hears of it.
 */
function sameNamespaceManifests(
  named: string,
  dir: string,
  cwd: string,
  maxFiles: number,
  onCut: () => void,
  index: ModuleCallIndex | undefined,
): string[] {
  const namespaces = namespacesIn(readText(named) ?? '');
  if (namespaces.length === 0) return [];
  const key = `${cwd}\0${dir}`;
  let folder = index?.manifestFolders.get(key);
  if (!folder) {
    folder = manifestFolder(dir, cwd, maxFiles);
    index?.manifestFolders.set(key, folder);
  }
  if (folder.cut) onCut();
  return folder.manifests
    .filter(
      (m) => m.file !== named && (m.namespaceObject || m.namespaces.some((ns) => namespaces.includes(ns))),
    )
    .map((m) => m.file);
}

/** What sameNamespaceManifests reads of the folder of loose manifests a named manifest's folder is in. */
interface ManifestFolder {
  /** The manifests of the folder above the named one's (none when that is its own: they are read already). */
  manifests: { file: string; namespaces: string[]; namespaceObject: boolean }[];
  /** The search stopped below a folder that holds more than the limit. */
  cut: boolean;
}

function manifestFolder(dir: string, cwd: string, maxFiles: number): ManifestFolder {
  // As a scan places it (graph/deployments.ts): a GitOps cluster that applies it first, then a
  // kustomization that renders it (manifestsWith and the kustomize callers do), then its folder.
  const folders = fluxFoldersApplying(dir, cwd);
  let cut = false;
  if (folders.length === 0 && !kustomizationIn(dir)) {
    let top = dir;
    for (const above of foldersAbove(dir, cwd)) {
      const loose = onlyLooseManifestsBelow(above, maxFiles);
      cut = loose === 'too many';
      if (loose !== true) break;
      top = above;
    }
    if (top !== dir) folders.push(top);
  }
  const seen = new Set<string>();
  const manifests: ManifestFolder['manifests'] = [];
  for (const folder of folders) {
    for (const file of yamlFilesBelow(folder)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readText(file) ?? '';
      manifests.push({ file, namespaces: namespacesIn(text), namespaceObject: NAMESPACE_OBJECT.test(text) });
    }
  }
  return { manifests, cut };
}

/** The YAML files below a folder (absolute), as a folder scan finds them (ignore files honoured). */
function yamlFilesBelow(folder: string): string[] {
  const prefix = withSep(folder);
  const native = (rel: string) => (path.sep === '/' ? rel : rel.split('/').join(path.sep));
  return walkFolder(
    folder,
    new TrackedFiles(),
    [],
    () => false,
    (name) => YAML.test(name),
  ).map((rel) => prefix + native(rel));
}

/**
 * The folders of the Flux clusters that apply a folder: a `clusters/<name>/` folder beside a folder
 * above it (the repository's root, as Flux paths are relative to it) whose Flux Kustomizations'
 * `spec.path` holds it, or that holds it; with each such cluster folder, every folder it applies.
 */
function fluxFoldersApplying(dir: string, cwd: string): string[] {
  const out: string[] = [];
  for (const root of [dir, ...foldersAbove(dir, cwd)]) {
    const clusters = path.join(root, 'clusters');
    let names: string[];
    try {
      names = fs
        .readdirSync(clusters, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const cluster = path.join(clusters, name);
      const applied = yamlFilesBelow(cluster).flatMap((file) => {
        const text = readText(file) ?? '';
        if (!text.includes('kustomize.toolkit.fluxcd.io')) return [];
        return [...text.matchAll(FLUX_PATH)].map((m) => path.resolve(root, m[1]));
      });
      if ([cluster, ...applied].some((folder) => isInside(dir, folder))) out.push(cluster, ...applied);
    }
  }
  return [...new Set(out)];
}

/** The namespaces a manifest's `namespace:` fields name. */
function namespacesIn(text: string): string[] {
  return [...new Set([...text.matchAll(NAMESPACE_FIELD)].map((m) => m[1]))];
}

/**
 * Whether the files below a folder are Kubernetes manifests and files akslint does not scan only (no
 * Terraform, Bicep, JSON or kustomization), looked for until the first that is not; 'too many' past
 * `maxFiles` files. Dot folders and node_modules are not entered, as a scan does not enter them.
 */
function onlyLooseManifestsBelow(folder: string, maxFiles: number): boolean | 'too many' {
  let seen = 0;
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.isDirectory()) pending.push(withSep(current) + e.name);
      else if (NOT_LOOSE_MANIFESTS.test(e.name) || KUSTOMIZATION.test(e.name)) return false;
      else if (++seen > maxFiles) return 'too many';
    }
  }
  return true;
}

/** A folder's kustomization file (absolute), if it has one. */
function kustomizationIn(dir: string): string | undefined {
  return filesIn(dir, KUSTOMIZATION)[0];
}

/** The manifests of a folder and, when it has a kustomization, of what that lists (inside `cwd`). */
function manifestsWith(dir: string, cwd: string, seen: Set<string>): string[] {
  if (seen.has(dir) || seen.size > MAX_KUSTOMIZATION_DEPTH) return [];
  seen.add(dir);
  const manifests = filesIn(dir, YAML);
  const kustomization = kustomizationIn(dir);
  const text = kustomization && readText(kustomization);
  if (!text) return manifests;
  const out = [...manifests];
  for (const entry of kustomizationResources(text)) {
    const target = path.resolve(dir, entry);
    if (!isInside(target, cwd)) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      continue;
    }
    if (stat.isDirectory()) out.push(...manifestsWith(target, cwd, seen));
    else if (stat.isFile() && YAML.test(target)) out.push(target);
  }
  return out;
}

/**
 * The local entries of a kustomization's `resources` (and the older `bases`): block or flow lists of
 * paths; remote ones (URLs, `github.com/…`) are left out.
 */
export function kustomizationResources(text: string): string[] {
  const entries: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const key = /^(resources|bases):\s*(.*)$/.exec(lines[i]);
    if (!key) continue;
    const flow = /^\[(.*)\]\s*(#.*)?$/.exec(key[2].trim());
    if (flow) {
      entries.push(...flow[1].split(','));
      continue;
    }
    for (let j = i + 1; j < lines.length; j++) {
      const item = /^\s*-\s*(.+?)\s*(#.*)?$/.exec(lines[j]);
      if (item) entries.push(item[1]);
      else if (lines[j].trim() !== '' && !lines[j].trim().startsWith('#')) break;
    }
  }
  return entries
    .map((e) => e.trim().replace(/^(['"])(.*)\1$/, '$2'))
    .filter((e) => e !== '' && !/^[a-z]+:\/\//i.test(e) && !/^(github\.com|gitlab\.com)\//i.test(e));
}
