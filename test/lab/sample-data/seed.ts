import { Agent } from 'node:https';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LAB_BUCKET } from '../organization.ts';
import { buildSampleProjects, type SampleProject } from './projects.ts';

export type { SampleProject } from './projects.ts';

/** Writes the sample projects through the lab's own S3 front (admin credentials), as a data owner would. */
export async function seedSampleData(target: {
  endpoint: string;
  region: string;
  caCertPem?: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<SampleProject[]> {
  const { projects, files } = buildSampleProjects();
  const client = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: target.credentials,
    ...(target.caCertPem ? { requestHandler: { httpsAgent: new Agent({ ca: target.caCertPem }) } } : {}),
  });
  try {
    await Promise.all(
      files.map((file) =>
        client.send(
          new PutObjectCommand({
            Bucket: LAB_BUCKET,
            Key: file.key,
            Body: file.body,
            ContentType: file.contentType,
          }),
        ),
      ),
    );
  } finally {
    client.destroy();
  }
  return projects;
}
