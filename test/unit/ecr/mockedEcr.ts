/**
 * What the suites that drive SdkEcrRegistry against a mocked ECRClient (aws-sdk-client-mock) share:
 * the key it signs with, and a fresh registry on a cleared mock for each test.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { SdkEcrRegistry } from '../../../src/ecr/SdkEcrRegistry';

export const credentials = async () => ({
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
});

/** Clears the mock's scripted answers and calls, then builds a registry in `region` on it. */
export async function freshRegistry(ecr: AwsClientStub<ECRClient>, region = 'us-east-1'): Promise<SdkEcrRegistry> {
  ecr.reset();
  return SdkEcrRegistry.create({ region, credentials });
}
