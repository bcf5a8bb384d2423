import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DOMAIN, useHardenedTemplates } from './hardened-deployment.ts';
import { logicalIdOf, synthesizeSanad } from './synth.ts';

const t = useHardenedTemplates();

/** A CloudFormation string as text, references shown as `${Ref}`, `${Id.Attribute}` or `${import:Name}`. */
function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const fn = value as Record<string, unknown>;
  if ('Fn::Join' in fn) {
    const [separator, parts] = fn['Fn::Join'] as [string, unknown[]];
    return parts.map(rendered).join(separator);
  }
  if ('Ref' in fn) return `\${${fn.Ref}}`;
  if ('Fn::GetAtt' in fn) return `\${${(fn['Fn::GetAtt'] as string[]).join('.')}}`;
  if ('Fn::ImportValue' in fn) return `\${import:${rendered(fn['Fn::ImportValue'])}}`;
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

/** The CSP of the inbox distribution, as a map of directive → sources. */
function cspOf(template: Template): Record<string, string> {
  const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  const csp = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
  expect(csp.Override).toBe(true);
  return Object.fromEntries(
    rendered(csp.ContentSecurityPolicy)
      .split('; ')
      .map((directive) => {
        const [name, ...sources] = directive.split(' ');
        return [name, sources.join(' ')];
      }),
  );
}

describe('the inbox distribution', () => {
  it('sends a strict CSP, HSTS, no framing and a same-origin referrer policy', () => {
    const [policy] = Object.values(t.stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      ContentTypeOptions: { Override: true },
    });
    const csp = cspOf(t.stateless);
    expect(csp['script-src']).toBe("'self'");
    expect(csp['default-src']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['object-src']).toBe('blob:');
    t.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ResponseHeadersPolicyId: {
            Ref: logicalIdOf(t.stateless, 'AWS::CloudFront::ResponseHeadersPolicy', ''),
          },
        }),
      }),
    });
  });

  it('lets scripts connect to API Gateway of the region, Cognito and the attachment links only', () => {
    const sources = cspOf(t.stateless)['connect-src'];
    expect(sources).toContain('https://*.execute-api.');
    expect(sources).toContain('wss://*.execute-api.');
    expect(sources).toContain('https://cognito-idp.');
    expect(sources).toContain('.s3.');
    expect(sources).not.toMatch(/(^| )(\*|https:|wss:)( |$)/);
  });

  describe('on a custom domain', () => {
    it('serves the inbox on the domain with the certificate, TLS 1.2 at least', () => {
      t.options.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: [DOMAIN.domainName],
          ViewerCertificate: {
            AcmCertificateArn: DOMAIN.certificateArn,
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          },
        }),
      });
      t.options.stateless.hasOutput('WebAppUrl', { Value: `https://${DOMAIN.domainName}` });
    });

    it('names exactly the HTTP API, the WebSocket API and the hosted sign-in in connect-src', () => {
      const sources = cspOf(t.options.stateless)['connect-src'];
      expect(sources).not.toContain('*');
      const httpApi = logicalIdOf(t.options.stateless, 'AWS::ApiGatewayV2::Api', '/HttpApi/');
      const liveApi = logicalIdOf(t.options.stateless, 'AWS::ApiGatewayV2::Api', '/LiveUpdates/');
      expect(sources).toContain(`\${${httpApi}.ApiEndpoint}`);
      expect(sources).toContain(`wss://\${${liveApi}}.execute-api.`);
      expect(sources).toMatch(/import:[^}]*StaffSignIn/);
    });

    it('lets the API be called from the domain, and points beneficiaries links there', () => {
      t.options.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({ AllowOrigins: [`https://${DOMAIN.domainName}`] }),
      });
      const [fn] = Object.values(t.options.stateless.findResources('AWS::Lambda::Function'));
      expect(fn?.Properties.Environment.Variables.PUBLIC_SITE_URL).toBe(`https://${DOMAIN.domainName}`);
    });
  });
});

describe('-c societySiteOrigins: the society’s own sites call the public forms from their scripts', () => {
  it('lets those origins through CORS beside the inbox’s, and refuses anything that is not an https origin', () => {
    const { statelessTemplate } = synthesizeSanad(
      {},
      {
        webAppUrl: 'https://inbox.example.org',
        societySiteOrigins: 'https://society.org.sa, https://www.society.org.sa',
      },
    );
    statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://inbox.example.org', 'https://society.org.sa', 'https://www.society.org.sa'],
        AllowHeaders: Match.arrayWith(['idempotency-key']),
      }),
    });
    for (const origin of ['http://society.org.sa', 'https://society.org.sa/contact', 'society.org.sa', '*'])
      expect(() => synthesizeSanad({}, { societySiteOrigins: origin }), origin).toThrow(
        /not an https origin/,
      );
  });
});
