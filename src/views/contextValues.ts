/** `contextValue`s and context keys, named once so package.json menus and code cannot drift apart. */
export const ContextValues = {
  localImageRepository: 'ecrPush.localImageRepository',
  localImageTag: 'ecrPush.localImageTag',
  danglingImage: 'ecrPush.danglingImage',
  /** A registry alias (the tag a push made) under the image it came from. */
  localImageAlias: 'ecrPush.localImageAlias',
} as const;

export const ContextKeys = {
  /**
   * '' when the engine answers, else 'cliNotFound', 'daemonUnavailable' (Docker), 'podmanUnavailable',
   * 'containerdUnavailable' (nerdctl), 'finchUnavailable' or 'error': drives the view's welcome text.
   */
  dockerState: 'ecrPush.dockerState',
} as const;
