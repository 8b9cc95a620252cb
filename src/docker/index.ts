export * from './imageReference';
export * from './localImage';
export * from './pushProgress';
export * from './dockerErrors';
export * from './dockerArgs';
export * from './DockerCli';
export * from './dockerConfig';
export { parseSizeText } from './sizeText';
