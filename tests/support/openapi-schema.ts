// A small JSON-Schema validator for the OpenAPI excerpt in /work/shared/specs (or the copy in
// tests/fixtures): enough of the vocabulary the video and speech schemas use — $ref, type,
// enum, const, required, properties, additionalProperties, items, anyOf/oneOf/allOf, string
// lengths, numeric bounds, `format: uri` — to reject what the real API would reject.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  /** Problems of `value` against `components.schemas[name]`, as `path: message`; empty when valid. */
  validate(name: string, value: unknown): string[];
  schema(name: string): Schema;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

export function openApiDocument(text: string): OpenApiDocument {
  const document = parse(text) as { components?: { schemas?: Record<string, Schema> } };
  const schemas = document.components?.schemas ?? {};

  function resolve(schema: Schema): Schema {
    let current = schema;
    for (let depth = 0; typeof current.$ref === 'string'; depth++) {
      if (depth > 20) throw new Error(`$ref loop at ${String(current.$ref)}`);
      const match = /^#\/components\/schemas\/(.+)$/.exec(current.$ref);
      if (!match || !schemas[match[1]!]) throw new Error(`unresolvable $ref ${String(current.$ref)}`);
      // Siblings of $ref (descriptions) carry no constraints in this excerpt.
      current = schemas[match[1]!]!;
    }
    return current;
  }

  function check(raw: Schema, value: unknown, path: string, problems: string[]): void {
    const schema = resolve(raw);
    if (schema.allOf) for (const part of schema.allOf as Schema[]) check(part, value, path, problems);
    if (schema.anyOf) {
      const ok = (schema.anyOf as Schema[]).some((option) => errors(option, value, path).length === 0);
      if (!ok) problems.push(`${path}: matches none of the allowed forms`);
    }
    if (schema.oneOf) {
      const matching = (schema.oneOf as Schema[]).filter((option) => errors(option, value, path).length === 0).length;
      if (matching !== 1) problems.push(`${path}: must match exactly one allowed form (matches ${matching})`);
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((type) => matchesType(value, type))) {
        problems.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`);
        return;
      }
    }
    if (schema.enum && !(schema.enum as unknown[]).some((allowed) => allowed === value)) {
      problems.push(`${path}: ${JSON.stringify(value)} is not one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    }
    if ('const' in schema && schema.const !== value) problems.push(`${path}: must be ${JSON.stringify(schema.const)}`);
    if (typeof value === 'string') {
      const length = [...value].length;
      if (typeof schema.minLength === 'number' && length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength} characters`);
      if (typeof schema.maxLength === 'number' && length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength} characters`);
      if (schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:/i.test(value)) problems.push(`${path}: not a URI`);
    }
    if (typeof value === 'number') {
      if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
    }
    if (Array.isArray(value) && schema.items) value.forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`, problems));
    if (typeOf(value) === 'object') {
      const object = value as Record<string, unknown>;
      for (const name of (schema.required as string[] | undefined) ?? []) {
        if (!(name in object)) problems.push(`${path}: missing required property "${name}"`);
      }
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [name, propertyValue] of Object.entries(object)) {
        if (properties[name]) check(properties[name]!, propertyValue, `${path}.${name}`, problems);
        else if (schema.additionalProperties === false) problems.push(`${path}: unknown property "${name}"`);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          check(schema.additionalProperties as Schema, propertyValue, `${path}.${name}`, problems);
        }
      }
    }
  }

  function errors(schema: Schema, value: unknown, path: string): string[] {
    const problems: string[] = [];
    check(schema, value, path, problems);
    return problems;
  }

  return {
    schema(name) {
      const schema = schemas[name];
      if (!schema) throw new Error(`no schema ${name}`);
      return schema;
    },
    validate(name, value) {
      return errors(this.schema(name), value, '$');
    },
  };
}

export function loadOpenApiDocument(file: string): OpenApiDocument {
  return openApiDocument(readFileSync(file, 'utf8'));
}
