import { escapeXml } from '../http-util.ts';
import type { StsError } from './sts-errors.ts';

/** STS's awsQuery XML, in the shapes AWS documents, so @aws-sdk/client-sts parses them. */
const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function element(name: string, content: string | undefined): string {
  return content === undefined ? '' : `<${name}>${content}</${name}>`;
}

const value = (name: string, text: string | undefined): string =>
  element(name, text === undefined ? undefined : escapeXml(text));
const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface AssumeRoleWithSamlResult {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleId: string;
  assumedRoleArn: string;
  audience: string;
  issuer: string;
  subject: string;
  subjectType: string;
  nameQualifier: string;
}

export function assumeRoleWithSamlXml(result: AssumeRoleWithSamlResult, requestId: string): string {
  return (
    `<AssumeRoleWithSAMLResponse xmlns="${NS}"><AssumeRoleWithSAMLResult>` +
    value('Audience', result.audience) +
    element(
      'AssumedRoleUser',
      value('AssumedRoleId', result.assumedRoleId) + value('Arn', result.assumedRoleArn),
    ) +
    element(
      'Credentials',
      value('AccessKeyId', result.accessKeyId) +
        value('SecretAccessKey', result.secretAccessKey) +
        value('SessionToken', result.sessionToken) +
        value('Expiration', iso(result.expiration)),
    ) +
    value('Issuer', result.issuer) +
    value('NameQualifier', result.nameQualifier) +
    value('Subject', result.subject) +
    value('SubjectType', result.subjectType) +
    `</AssumeRoleWithSAMLResult>${element('ResponseMetadata', value('RequestId', requestId))}</AssumeRoleWithSAMLResponse>`
  );
}

export function getCallerIdentityXml(
  identity: { arn: string; userId: string; account: string },
  requestId: string,
): string {
  return (
    `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
    value('Arn', identity.arn) +
    value('UserId', identity.userId) +
    value('Account', identity.account) +
    `</GetCallerIdentityResult>${element('ResponseMetadata', value('RequestId', requestId))}</GetCallerIdentityResponse>`
  );
}

export function errorXml(error: StsError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${NS}"><Error>${value('Type', type)}${value('Code', error.code)}${value('Message', error.message)}</Error>` +
    `${value('RequestId', requestId)}</ErrorResponse>`
  );
}
