// The payload check in the browser: the JSON Schema keywords workflows use, with the
// server's (Python jsonschema's) wording. The server checks again.
"use strict";

function pyRepr(value) {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  return String(value);
}

function isType(value, type) {
  switch (type) {
    case "object": return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array": return Array.isArray(value);
    case "string": return typeof value === "string";
    case "integer": return typeof value === "number" && Number.isInteger(value);
    case "number": return typeof value === "number";
    case "boolean": return typeof value === "boolean";
    case "null": return value === null;
    default: return true;
  }
}

function deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

function schemaErrors(schema, value) {
  const errors = [];
  if (!schema || typeof schema !== "object") return errors;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => isType(value, t))) {
      errors.push(`${pyRepr(value)} is not of type ${types.map(pyRepr).join(", ")}`);
      return errors;
    }
  }
  if (schema.enum && !schema.enum.some((v) => deepEqual(v, value))) errors.push(`${pyRepr(value)} is not one of ${pyRepr(schema.enum)}`);
  if ("const" in schema && !deepEqual(schema.const, value)) errors.push(`${pyRepr(schema.const)} was expected`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${value} is less than the minimum of ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${value} is greater than the maximum of ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) errors.push(`${value} is less than or equal to the minimum of ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) errors.push(`${value} is greater than or equal to the maximum of ${schema.exclusiveMaximum}`);
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${pyRepr(value)} is too short`);
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${pyRepr(value)} is too long`);
    if (schema.pattern !== undefined) {
      try { if (!new RegExp(schema.pattern, "u").test(value)) errors.push(`${pyRepr(value)} does not match ${pyRepr(schema.pattern)}`); } catch (e) { /* the server decides */ }
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${pyRepr(value)} is too short`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${pyRepr(value)} is too long`);
    if (schema.items && !Array.isArray(schema.items)) for (const item of value) errors.push(...schemaErrors(schema.items, item));
  }
  if (isType(value, "object")) {
    for (const name of schema.required || []) if (!(name in value)) errors.push(`${pyRepr(name)} is a required property`);
    const properties = schema.properties || {};
    for (const [name, sub] of Object.entries(properties)) if (name in value) errors.push(...schemaErrors(sub, value[name]));
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      const extra = Object.keys(value).filter((k) => !(k in properties));
      if (schema.additionalProperties === false && extra.length) {
        errors.push(`Additional properties are not allowed (${extra.map(pyRepr).join(", ")} ${extra.length === 1 ? "was" : "were"} unexpected)`);
      } else if (typeof schema.additionalProperties === "object") {
        for (const name of extra) errors.push(...schemaErrors(schema.additionalProperties, value[name]));
      }
    }
  }
  return errors;
}
