import * as samlify from 'samlify';

/** An IAM SAML provider: an ARN and the IdP metadata registered under it (entity ID and signing certs). */
export interface SamlProvider {
  arn: string;
  entityId: string;
  metadata: ReturnType<typeof samlify.IdPMetadata>;
}

export class SamlProviderRegistry {
  readonly #providers = new Map<string, SamlProvider>();

  /** Like `aws iam create-saml-provider --saml-metadata-document`. */
  register(arn: string, metadataXml: string): SamlProvider {
    const metadata = samlify.IdPMetadata(metadataXml);
    const provider = { arn, entityId: metadata.getEntityID(), metadata };
    this.#providers.set(arn, provider);
    return provider;
  }

  find(arn: string): SamlProvider | undefined {
    return this.#providers.get(arn);
  }
}
