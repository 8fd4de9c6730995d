// Writes the declarations of the package's wire module (src/wire.ts) as plain TypeScript: every
// type it re-exports from the server's contract, resolved by the compiler and printed as interfaces
// and unions. The contract's types are `z.infer` of zod schemas; declared as they are written they
// would drag zod's types (and a path outside the package) into the tarball. Printed resolved, the
// package's types are the contract's by construction, and a consumer needs nothing but this file.
//
// Where a nested type is one of the exported types (a card inside a search response, a sale status
// inside a card) its name is printed instead, so the declarations read like hand-written ones. A
// type this printer does not know (a tuple, a generic) stops the build with its name, rather than
// being printed wrongly. test/client-package/wire-declarations.test.ts holds every printed type
// equal to the contract's, in both directions.

import ts from 'typescript';

interface Named {
  readonly name: string;
  readonly type: ts.Type;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The declaration text for `entryFile`, a module that only re-exports types and constants. */
export function printWireDeclarations(program: ts.Program, entryFile: string): string {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryFile);
  if (source === undefined) throw new Error(`${entryFile} is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${entryFile} is not a module`);

  const types: Named[] = [];
  const values: Named[] = [];
  const docs = new Map<string, string>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker));
    if (doc) docs.set(exported.name, doc);
    if (target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) {
      types.push({ name: exported.name, type: checker.getDeclaredTypeOfSymbol(target) });
    } else if (target.flags & ts.SymbolFlags.Variable) {
      values.push({ name: exported.name, type: checker.getTypeOfSymbol(target) });
    } else {
      throw new Error(`${entryFile}: export ${exported.name} is neither a type nor a constant`);
    }
  }
  types.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  values.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const printer = new TypePrinter(checker, types);
  const blocks: string[] = [];
  const withDoc = (name: string, text: string) => {
    const doc = docs.get(name);
    return doc === undefined ? text : `${jsDoc(doc, '')}${text}`;
  };
  for (const value of values) blocks.push(withDoc(value.name, `export declare const ${value.name}: ${printer.print(value.type, value.name)};`));
  for (const named of types) {
    const body = printer.print(named.type, named.name, true);
    const isObject = !named.type.isUnion() && body.startsWith('{');
    blocks.push(withDoc(named.name, isObject ? `export interface ${named.name} ${body}` : `export type ${named.name} = ${body};`));
  }
  return `${blocks.join('\n\n')}\n`;
}

// No constructor parameter properties: Node runs this file by stripping its types, which they are not.
class TypePrinter {
  private readonly checker: ts.TypeChecker;
  private readonly named: readonly Named[];

  constructor(checker: ts.TypeChecker, named: readonly Named[]) {
    this.checker = checker;
    this.named = named;
  }

  /** `type` as TypeScript; `top` prints the declaration body of `owner` itself rather than its name. */
  print(type: ts.Type, owner: string, top = false, indent = '', dropUndefined = false): string {
    if (dropUndefined && type.isUnion()) {
      const kept = type.types.filter((member) => !(member.flags & ts.TypeFlags.Undefined));
      if (kept.length === 1 && kept[0] !== undefined) return this.print(kept[0], owner, false, indent);
      if (kept.length < type.types.length) return this.union(kept, owner, indent);
    }
    if (!top) {
      const name = this.nameOf(type);
      if (name !== null) return name;
    }
    const f = type.flags;
    if (f & ts.TypeFlags.Any) return 'any';
    if (f & ts.TypeFlags.Unknown) return 'unknown';
    if (f & ts.TypeFlags.String) return 'string';
    if (f & ts.TypeFlags.Number) return 'number';
    if (f & ts.TypeFlags.Boolean) return 'boolean';
    if (f & ts.TypeFlags.BigInt) return 'bigint';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & ts.TypeFlags.Undefined) return 'undefined';
    if (f & ts.TypeFlags.Void) return 'void';
    if (f & ts.TypeFlags.Never) return 'never';
    if (f & ts.TypeFlags.BooleanLiteral) return this.checker.typeToString(type);
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isNumberLiteral()) return String(type.value);
    if (type.isUnion()) return this.union(type.types, owner, indent);
    if (f & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return this.object(type, owner, indent);
    throw new Error(`${owner}: cannot print the type ${this.checker.typeToString(type)}`);
  }

  /** The exported name of a type equal to `type`: unions and objects only (a `number` stays `number`). */
  private nameOf(type: ts.Type): string | null {
    if (!(type.isUnion() || type.flags & ts.TypeFlags.Object) || this.checker.isArrayType(type)) return null;
    for (const candidate of this.named) {
      if (candidate.type === type) return candidate.name;
    }
    for (const candidate of this.named) {
      if (this.checker.isTypeAssignableTo(type, candidate.type) && this.checker.isTypeAssignableTo(candidate.type, type)) return candidate.name;
    }
    return null;
  }

  private union(members: readonly ts.Type[], owner: string, indent: string): string {
    const hasTrue = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral && this.checker.typeToString(m) === 'true');
    const hasFalse = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral && this.checker.typeToString(m) === 'false');
    const printed: string[] = [];
    for (const member of members) {
      if (hasTrue && hasFalse && member.flags & ts.TypeFlags.BooleanLiteral) {
        if (!printed.includes('boolean')) printed.push('boolean');
        continue;
      }
      const text = this.print(member, owner, false, indent);
      printed.push(text.includes('=>') ? `(${text})` : text);
    }
    // `null` last, as people write it (`string | null`).
    return [...printed.filter((p) => p !== 'null' && p !== 'undefined'), ...printed.filter((p) => p === 'null' || p === 'undefined')].join(' | ');
  }

  private object(type: ts.Type, owner: string, indent: string): string {
    const checker = this.checker;
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (element === undefined) throw new Error(`${owner}: an array without an element type`);
      const text = this.print(element, owner, false, indent);
      const wrapped = /[|&]|=>/.test(text) && !text.startsWith('{') ? `(${text})[]` : `${text}[]`;
      return type.getSymbol()?.name === 'ReadonlyArray' ? `readonly ${wrapped}` : wrapped;
    }
    if (checker.isTupleType(type)) throw new Error(`${owner}: tuples are not printed (${checker.typeToString(type)})`);
    const properties = checker.getPropertiesOfType(type);
    const calls = type.getCallSignatures();
    if (properties.length === 0 && calls.length === 1 && calls[0] !== undefined) return this.signature(calls[0], owner, indent);
    if (calls.length > 0 || type.getConstructSignatures().length > 0) throw new Error(`${owner}: cannot print a callable object type`);

    const inner = `${indent}  `;
    const lines: string[] = [];
    for (const info of checker.getIndexInfosOfType(type)) {
      lines.push(`${inner}${info.isReadonly ? 'readonly ' : ''}[key: ${this.print(info.keyType, owner)}]: ${this.print(info.type, owner, false, inner)};`);
    }
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const readonly = declaration !== undefined && ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly;
      // An optional property's type includes `undefined`; its `?` already says so.
      const propertyType = checker.getTypeOfSymbol(property);
      const doc = describe(property, checker);
      const key = IDENTIFIER.test(property.name) ? property.name : JSON.stringify(property.name);
      if (doc) lines.push(jsDoc(doc, inner).trimEnd());
      lines.push(`${inner}${readonly ? 'readonly ' : ''}${key}${optional ? '?' : ''}: ${this.print(propertyType, owner, false, inner, optional)};`);
    }
    return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
  }

  private signature(signature: ts.Signature, owner: string, indent: string): string {
    const parameters = signature.getParameters().map((parameter) => {
      const declaration = parameter.valueDeclaration as ts.ParameterDeclaration | undefined;
      const optional = declaration !== undefined && (declaration.questionToken !== undefined || declaration.initializer !== undefined);
      const rest = declaration?.dotDotDotToken !== undefined;
      const type = this.checker.getTypeOfSymbol(parameter);
      return `${rest ? '...' : ''}${parameter.name}${optional ? '?' : ''}: ${this.print(type, owner, false, indent)}`;
    });
    return `(${parameters.join(', ')}) => ${this.print(signature.getReturnType(), owner, false, indent)}`;
  }
}

/**
 * A property's documentation: its JSDoc, or else the text of a zod `.describe('...')` in the schema
 * that declares it (the contract documents its fields there, for the OpenAPI and AsyncAPI documents).
 */
function describe(property: ts.Symbol, checker: ts.TypeChecker): string {
  const written = ts.displayPartsToString(property.getDocumentationComment(checker));
  if (written) return written;
  const declaration = property.declarations?.[0];
  if (declaration === undefined || !ts.isPropertyAssignment(declaration)) return '';
  let found = '';
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'describe') {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) found = argument.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(declaration.initializer);
  return found;
}

function jsDoc(text: string, indent: string): string {
  const lines = text.split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]?.replaceAll('*/', '*\\/')} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line.replaceAll('*/', '*\\/')}`).join('\n')}\n${indent} */\n`;
}
