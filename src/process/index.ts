export * from './processErrors';
export * from './runProcess';
export { resolveExecutable } from './resolveExecutable';
export { LineSplitter } from './lineSplitter';
