import { toKebabCase, toPascalCase, toSnakeCase } from './names';

describe('names', () => {
  it.each([
    ['hello', 'hello', 'Hello', 'hello'],
    ['hello-world', 'hello_world', 'HelloWorld', 'hello-world'],
    ['HelloWorld', 'hello_world', 'HelloWorld', 'hello-world'],
    ['my_actor2', 'my_actor2', 'MyActor2', 'my-actor2'],
  ])('%s', (input, snake, pascal, kebab) => {
    expect(toSnakeCase(input)).toBe(snake);
    expect(toPascalCase(input)).toBe(pascal);
    expect(toKebabCase(input)).toBe(kebab);
  });
});
