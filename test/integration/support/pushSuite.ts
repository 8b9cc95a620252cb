/**
 * The start of a suite that pushes one fresh local image: the page driver, the extension active (its
 * views and commands ready), and the image built.
 */
import * as vscode from 'vscode';
import type { PageDriver } from '../../host/driverClient';
import { createImage, unique } from './stack';
import { requireDriver } from './workbench';

/** For a suite's `before`: returns the driver and the `<unique prefix>:1` image it built. */
export async function openPushSuite(imagePrefix: string): Promise<{ driver: PageDriver; image: string }> {
  const driver = requireDriver();
  await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  const image = `${unique(imagePrefix)}:1`;
  await createImage(image);
  return { driver, image };
}
