// The pure CSV core: export, decode, parse, match and merge of plan files; the only user of papaparse.
export * from './format.ts';
export * from './neutralize.ts';
export * from './serialize.ts';
export * from './table.ts';
export * from './file-name.ts';
export * from './decode.ts';
export * from './normalize.ts';
export * from './damage.ts';
export * from './parse.ts';
export * from './match.ts';
export * from './merge.ts';
export * from './gather.ts';
