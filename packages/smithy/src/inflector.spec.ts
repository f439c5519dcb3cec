import { toPascalCase, toSnakeCase } from './inflector';

// Expected values follow the Rust Inflector 0.11 algorithm that weld uses, checked against names in
// weld's generated interface crates (random_32, generate_guid, f32_data, F32Data).
describe('inflector', () => {
  it.each([
    ['Random32', 'random_32'],
    ['GenerateGuid', 'generate_guid'],
    ['F32Data', 'f32_data'],
    ['queryString', 'query_string'],
    ['HTTPServer', 'http_server'],
    ['actorId', 'actor_id'],
    ['org.wasmcloud.interface.factorial', 'org_wasmcloud_interface_factorial'],
    ['already_snake', 'already_snake'],
    ['U8', 'u8'],
  ])('snake_case(%s) = %s', (input, expected) => expect(toSnakeCase(input)).toBe(expected));

  it.each([
    ['one', 'One'],
    ['F32Data', 'F32Data'],
    ['HttpServer', 'HttpServer'],
    ['random_in_range', 'RandomInRange'],
    ['Random32', 'Random32'],
  ])('PascalCase(%s) = %s', (input, expected) => expect(toPascalCase(input)).toBe(expected));
});
