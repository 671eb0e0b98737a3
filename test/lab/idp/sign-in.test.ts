import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import * as samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/chromium.ts';
import { startLab, type Lab } from '../lab.ts';
import { AWS_ACS_URL } from '../organization.ts';
import { scriptedSignIn, SignInRefused } from './scripted-sign-in.ts';
import { AWS_ATTRIBUTES } from './users.ts';

// Both IdPs must release the same users the same way: the sandbox uses one, CI the other.
const xmlOf = (samlResponse: string): string => Buffer.from(samlResponse, 'base64').toString('utf8');

function attributeValues(xml: string, name: string): string[] {
  const attribute = new RegExp(
    `<(?:\\w+:)?Attribute [^>]*Name="${name.replace(/[.]/g, '\\.')}"[^>]*>([\\s\\S]*?)</(?:\\w+:)?Attribute>`,
  ).exec(xml);
  return [...(attribute?.[1] ?? '').matchAll(/<(?:\w+:)?AttributeValue[^>]*>([^<]*)</g)].map(
    (m) => m[1] ?? '',
  );
}

describe.each(['node', 'simplesamlphp'] as const)('%s IdP', (kind) => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ idp: kind });
  });
  afterAll(() => lab.close());

  it('publishes metadata with its entity ID and a signing certificate', () => {
    const metadata = samlify.IdPMetadata(lab.idp.metadataXml);
    expect(metadata.getEntityID()).toBe(lab.idp.entityId);
    expect(String(metadata.getX509Certificate('signing')).length).toBeGreaterThan(500);
  });

  it('answers an IdP-initiated sign-in with a signed response for the AWS SP, posted to the AWS ACS', async () => {
    const post = await lab.idp.signIn('annotator', lab.password);
    expect(post.acsUrl).toBe(AWS_ACS_URL);
    const xml = xmlOf(post.samlResponse);
    expect(xml).toContain(`Destination="${AWS_ACS_URL}"`);
    expect(xml).toMatch(/Recipient="https:\/\/signin\.aws\.amazon\.com\/saml"/);
    expect(xml).toMatch(
      /<(\w+:)?Audience>urn:amazon:webservices<\/|<(\w+:)?Audience>https:\/\/signin\.aws\.amazon\.com\/saml</,
    );
    expect(xml).not.toContain('InResponseTo');
    expect(xml).toMatch(/<(\w+:)?SignatureValue>/);
  });

  it('releases each user’s AWS attributes: one role, three roles in both orders, none, SessionDuration, a bad name', async () => {
    const released = async (username: string) =>
      xmlOf((await lab.idp.signIn(username, lab.password)).samlResponse);
    const annotator = await released('annotator');
    expect(attributeValues(annotator, AWS_ATTRIBUTES.role)).toEqual([
      `${lab.roles.visionAnnotator.arn},${lab.providerArnFor(lab.roles.visionAnnotator)}`,
    ]);
    expect(attributeValues(annotator, AWS_ATTRIBUTES.roleSessionName)).toEqual(['annotator@corp.example']);
    const multi = attributeValues(await released('multi'), AWS_ATTRIBUTES.role);
    expect(multi).toHaveLength(3);
    expect(multi).toContain(
      `${lab.providerArnFor(lab.roles.languageAnnotator)},${lab.roles.languageAnnotator.arn}`,
    );
    expect(attributeValues(await released('noroles'), AWS_ATTRIBUTES.role)).toEqual([]);
    expect(attributeValues(await released('shortsession'), AWS_ATTRIBUTES.sessionDuration)).toEqual(['900']);
    expect(attributeValues(await released('badname'), AWS_ATTRIBUTES.roleSessionName)).toEqual(['bad name!']);
    // Only AWS attributes leave the IdP (SimpleSAMLphp's AttributeLimit; the Node IdP by construction).
    expect(annotator).not.toMatch(/Name="uid"/);
  });

  it('refuses a wrong password (no SAML response)', async () => {
    await expect(lab.idp.signIn('annotator', 'wrong-password')).rejects.toBeInstanceOf(SignInRefused);
    await expect(lab.idp.signIn('nobody', lab.password)).rejects.toBeInstanceOf(SignInRefused);
  });

  it('works in a real browser: Chromium signs in, the POST to the ACS is captured and redeemed at STS', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      let captured: URLSearchParams | undefined;
      // Like the app: the assertion is captured and never reaches AWS.
      await page.route(`${AWS_ACS_URL}*`, async (route) => {
        captured = new URLSearchParams(route.request().postData() ?? '');
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>captured</p>' });
      });
      await page.goto(lab.idp.signInUrl);
      await page.fill('input[name="username"]', 'multi');
      await page.fill('input[name="password"]', lab.password);
      await Promise.all([
        page.waitForURL(`${AWS_ACS_URL}*`),
        page.locator('button[type="submit"], input[type="submit"]').first().click(),
      ]);
      const samlResponse = captured?.get('SAMLResponse');
      expect(samlResponse).toBeTruthy();
      const sts = new STSClient({ endpoint: lab.sts.endpoint, region: lab.sts.region });
      const out = await sts.send(
        new AssumeRoleWithSAMLCommand({
          RoleArn: lab.roles.languageAnnotator.arn,
          PrincipalArn: lab.providerArnFor(lab.roles.languageAnnotator),
          SAMLAssertion: samlResponse!,
        }),
      );
      sts.destroy();
      expect(out.AssumedRoleUser?.Arn).toContain('assumed-role/LanguageAnnotator/multi@corp.example');
    } finally {
      await browser.close();
    }
  });
});

describe('Node IdP RelayState', () => {
  it('passes RelayState from the sign-in URL through to the ACS post', async () => {
    const lab = await startLab({ idp: 'node' });
    try {
      expect((await lab.idp.signIn('annotator', lab.password)).relayState).toBeUndefined();
      const withRelay = await scriptedSignIn(
        `${lab.idp.signInUrl}?RelayState=${encodeURIComponent('https://console.aws.amazon.com/s3')}`,
        'annotator',
        lab.password,
      );
      expect(withRelay.relayState).toBe('https://console.aws.amazon.com/s3');
    } finally {
      await lab.close();
    }
  });
});
