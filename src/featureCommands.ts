/**
 * Commands whose code lives in dist/features.js (src/features.ts). Activation registers each as a
 * forwarder that loads that file on first use; the ids are here so both sides agree, checked by tsc.
 */
export const FEATURE_COMMAND_IDS = [
  'ecrPush.pushImage',
  'ecrPush.localImages.push',
  'ecrPush.setCredentials',
  'ecrPush.clearCredentials',
  'ecrPush.selectProfile',
  'ecrPush.selectRegion',
  'ecrPush.runSsoLogin',
  'ecrPush.repositories.refresh',
  'ecrPush.repositories.loadMore',
  'ecrPush.repositories.create',
  'ecrPush.repositories.copyRepositoryUri',
  'ecrPush.repositories.copyImageUri',
  'ecrPush.repositories.deleteImageTag',
  'ecrPush.repositories.pushHere',
] as const;

export type FeatureCommandId = (typeof FEATURE_COMMAND_IDS)[number];

/** A command handler as VS Code calls it. */
export type CommandHandler = (...args: unknown[]) => unknown;
