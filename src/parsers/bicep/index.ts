export * from './ast';
export { lex, type Comment, type Token } from './lexer';
export { parseBicep } from './parser';
