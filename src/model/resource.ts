import type { SourceRange } from './range';
import type { ObjectValue } from './value';

export type Format = 'terraform' | 'bicep' | 'arm' | 'kubernetes';
export const FORMATS: readonly Format[] = ['terraform', 'bicep', 'arm', 'kubernetes'];

/**
 * One deployed thing, whatever language declared it. Loaders produce these; views read them.
 *
 * - Terraform: type `azurerm_kubernetes_cluster`, body = the block's attributes and nested blocks
 *   (a nested block is an object; repeated blocks of one name are a list of objects).
 * - ARM / Bicep: type `Microsoft.ContainerService/managedClusters` (child types joined with `/`),
 *   body = the resource object (`properties`, `identity`, `sku`, ...), keys as written.
 * - Kubernetes: type = `kind`, apiVersion = `apiVersion`, body = the whole object.
 */
export interface Resource {
  format: Format;
  type: string;
  name: string;
  /** Unique in the graph, e.g. `module.aks.azurerm_kubernetes_cluster.main["eu"]`, `Deployment/shop/web`. */
  address: string;
  /** File that declares it (a module's own file for resources inside a module). */
  file: string;
  /** The whole declaration; its start is where findings about the resource as a whole point. */
  range: SourceRange;
  body: ObjectValue;
  apiVersion?: string;
  /** Module call path from the scanned root, outermost first: `['module.aks']`. */
  via: string[];
  /** Parameter or variable file this instance was evaluated under, when a template has several. */
  context?: Context;
  /**
   * The deployment it takes part in: a Terraform root folder, an ARM or Bicep entry template, a
   * kustomization root, a cluster or a folder of manifests. Graph rules pair resources of one
   * deployment only (see graph/deployments.ts).
   */
  deployment?: string;
  /** Addresses of resources this one refers to (graph edges). */
  references: string[];
  /** Address of the parent resource (ARM/Bicep child resources, node pools of a cluster). */
  parent?: string;
  /** Terraform: the azurerm version constraint from required_providers, when declared. */
  providerVersion?: string;
  /**
   * A module call whose registry or remote source was not read (type `UNREAD_MODULE`, body = the
   * inputs it passes): views may still read a well-known module's inputs at the call site.
   */
  moduleSource?: string;
  /** Terraform: the `version` such a call asks for, as written (`0.6.1`, `~> 0.3`). */
  moduleVersion?: string;
  /**
   * A resource a view built from the inputs of a call to a well-known module (its source, as written):
   * only settings the call passes are judged (findings at the call as a whole, about settings the
   * module decides, are dropped), and there is no text to fix.
   */
  fromModuleCall?: string;
  /** Such a resource's settings (dotted paths) by the name of the module input that set them. */
  writtenAs?: Readonly<Record<string, string>>;
  /**
   * Terraform: declared in a module `terraform init` installed under `.terraform/` (a registry or remote
   * module). Nobody edits those files, so findings there are located in the user's code: at the caller's
   * argument that supplied the value, else at `call`, the outermost call of such a module.
   */
  installedModule?: {
    source: string;
    call: SourceRange;
    /**
     * The folder the module's files are in, when not below `.terraform/`: a Bicep registry module in
     * the module cache (`~/.bicep/br/...`).
     */
    dir?: string;
  };
}

/**
 * A file `terraform init` installed (`.terraform/modules/...`), or one of the installed module's own
 * folder (a Bicep registry module in the module cache): nobody edits them.
 */
export function isInstalledModuleFile(filePath: string, module?: Resource['installedModule']): boolean {
  if (/(^|\/)\.terraform\//.test(filePath)) return true;
  const dir = module?.dir;
  return dir !== undefined && (filePath === dir || filePath.startsWith(`${dir}/`));
}

/** `terraform.tfvars`, `terraform.tfvars.json` and `*.auto.tfvars(.json)`: read by every `terraform plan`. */
export function isAutoLoadedVariableFile(filePath: string): boolean {
  return /(^|[/\\])(terraform\.tfvars(\.json)?|[^/\\]*\.auto\.tfvars(\.json)?)$/.test(filePath);
}

/** One evaluation environment of a template: a .bicepparam, an ARM parameters file, a tfvars set. */
export interface Context {
  /** Display name, usually the parameter file path. */
  name: string;
  /** Every context the same template was evaluated under (including this one). */
  all: string[];
}

export interface FileError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The type of a stand-in for a module call the scan could not read (a registry module, a missing
 * folder): it holds the call's references, so cross-resource rules know what was handed to code
 * they cannot see (a cluster id that may get a diagnostic setting there).
 */
export const UNREAD_MODULE = 'akslint:unread-module';

/** Something the scan deliberately did not read, told in the summary (remote module, Helm template). */
export interface SkipNote {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** A module call not read: its source as written. */
  module?: string;
  /** The module builds a cluster or its inputs name cluster settings: its security is not (fully) checked. */
  cluster?: boolean;
  /** A well-known cluster module: its documented inputs were checked at the call site. */
  checkedAtCallSite?: boolean;
  /**
   * A limit stopped work here (directories, instances, resources of one root): what lies past it was
   * not checked. Every format says so; the limits are set far above what real repositories need.
   */
  limit?: true;
}

export interface SourceFile {
  /** Display path, as in SourceRange.file. */
  path: string;
  text: string;
}

/** What a format loader gives back for the files it was handed. */
export interface LoadResult {
  resources: Resource[];
  errors: FileError[];
  skipped: SkipNote[];
  /** Every file read (entry files plus modules, variable and parameter files), with its text. */
  files: SourceFile[];
  /** Evaluations of roots (Terraform: whether they must be told apart depends on all of them). */
  evaluations?: number;
}

/** Notes in file order, then line (a note on a whole file first); notes at one place keep their order. */
export function compareNotes(a: SkipNote, b: SkipNote): number {
  return a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.line ?? 0) - (b.line ?? 0);
}

/** The items whose key was not seen before, in their order (the same problem met twice is told once). */
export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Errors without repeats: a file's syntax error met by two units or groups is told once. */
export function uniqueErrors<E extends FileError>(errors: readonly E[]): E[] {
  return uniqueBy(errors, (e) => `${e.file}\u0000${e.line}\u0000${e.column}\u0000${e.message}`);
}

/** Notes without repeats (equal in every field). */
export function uniqueNotes(notes: readonly SkipNote[]): SkipNote[] {
  return uniqueBy(notes, (n) => JSON.stringify(n));
}

/** Errors in file order, then line and column. */
export function compareErrors(a: FileError, b: FileError): number {
  return a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column;
}
