/** The Dockerfile the build tests build, and how docker's argv starts for a two-platform buildx push of it. */
export const APP_DOCKERFILE = '/w/app/Dockerfile';
export const TWO_PLATFORMS = ['linux/amd64', 'linux/arm64'];

export function twoPlatformBuildxStart(configDir: string): string[] {
  return ['--config', configDir, 'buildx', 'build', '-f', APP_DOCKERFILE, '--platform', TWO_PLATFORMS.join(','), '--push'];
}

/** How docker's argv starts for a one-platform build of that Dockerfile tagged team/app:1.0, up to its --iidfile. */
export const APP_BUILD_START = ['build', '-f', APP_DOCKERFILE, '-t', 'team/app:1.0', '--iidfile'];
