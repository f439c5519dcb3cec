/** The Smithy JSON AST (smithy.io json-ast), as produced by the parser and consumed by the generators. */
export type NodeValue = null | boolean | number | string | NodeValue[] | { [key: string]: NodeValue };
export type Traits = Record<string, NodeValue>;

export interface MemberAst {
  target: string;
  traits?: Traits;
}

export interface TargetRef {
  target: string;
}

export interface ShapeAst {
  type: string;
  traits?: Traits;
  member?: MemberAst;
  key?: MemberAst;
  value?: MemberAst;
  members?: Record<string, MemberAst>;
  mixins?: TargetRef[];
  version?: string;
  operations?: TargetRef[];
  resources?: TargetRef[];
  errors?: TargetRef[];
  rename?: Record<string, string>;
  input?: TargetRef;
  output?: TargetRef;
  identifiers?: Record<string, TargetRef>;
  properties?: Record<string, TargetRef>;
  create?: TargetRef;
  put?: TargetRef;
  read?: TargetRef;
  update?: TargetRef;
  delete?: TargetRef;
  list?: TargetRef;
  collectionOperations?: TargetRef[];
}

export interface SmithyAst {
  smithy: string;
  metadata?: Record<string, NodeValue>;
  shapes: Record<string, ShapeAst>;
}
