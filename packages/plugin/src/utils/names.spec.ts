import { toKebabCase, toPascalCase, toSnakeCase } from './names';

describe('names (Inflector casing for templates, heck-style kebab for directories)', () => {
  it.each([
    ['hello', 'hello', 'Hello', 'hello'],
    ['hello-world', 'hello_world', 'HelloWorld', 'hello-world'],
    ['HelloWorld', 'hello_world', 'HelloWorld', 'hello-world'],
    // Inflector counts a digit as upper case after a lower-case letter (a word of its own); the
    // directory name keeps it in the word.
    ['my_actor2', 'my_actor_2', 'MyActor2', 'my-actor2'],
    ['Random32', 'random_32', 'Random32', 'random32'],
    ['a1', 'a_1', 'A1', 'a1'],
  ])('%s', (input, snake, pascal, kebab) => {
    expect(toSnakeCase(input)).toBe(snake);
    expect(toPascalCase(input)).toBe(pascal);
    expect(toKebabCase(input)).toBe(kebab);
  });
});
