/** `contextValue`s of the ECR Repositories view, named once so package.json menus and code agree. */
export const RepositoryContextValues = {
  region: 'ecrPush.ecrRegion',
  repository: 'ecrPush.ecrRepository',
  taggedImage: 'ecrPush.ecrImage',
  untaggedImage: 'ecrPush.ecrUntaggedImage',
  loadMore: 'ecrPush.ecrLoadMore',
  message: 'ecrPush.ecrMessage',
} as const;
