import type { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { ORIGIN_SECRET_HEADER } from '../../functions/lib/client-address.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import {
  CLOUDFRONT_WAF_REGION,
  MANAGED_RULE_GROUPS,
  WAF_RATE_LIMITS,
} from '../../infra/aws/api-firewall-stack.ts';
import { pascal } from '../../infra/aws/names.ts';
import { functionProperties, logicalIdOf, synthesizeSanad, WAF_API_DOMAIN } from './synth.ts';

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 400_000;

/** Managed CloudFront policies, by the ids AWS documents. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type WafRule = {
  Priority: number;
  Action?: unknown;
  OverrideAction?: unknown;
  Statement: {
    RateBasedStatement?: { Limit: number; AggregateKeyType: string };
    ManagedRuleGroupStatement?: { Name: string; VendorName: string };
  };
};

const REGIONAL_API_DOMAIN = {
  apiDomainName: 'api.example.org',
  apiCertificateArn: 'arn:aws:acm:me-south-1:123456789012:certificate/abc',
};

let behindWaf: { app: App; stateless: Template; firewall: Template; region: string | undefined };
let onDomain: Template;

const variablesOf = (template: Template, name: string) =>
  (functionProperties(template, pascal(name)).Environment as { Variables: Record<string, unknown> })
    .Variables;

const publicApiUrl = (template: Template) =>
  (functionProperties(template, 'PublicFiles').Environment as { Variables: Record<string, unknown> })
    .Variables.PUBLIC_API_URL;

describe('-c waf=true: CloudFront with AWS WAF in front of the HTTP API', () => {
  beforeAll(() => {
    const waf = synthesizeSanad({}, { waf: 'true', region: 'me-south-1', ...WAF_API_DOMAIN });
    const firewallStack = waf.app.node.findChild('SanadApiFirewall') as Stack;
    behindWaf = {
      app: waf.app,
      stateless: waf.statelessTemplate,
      firewall: Template.fromStack(firewallStack),
      region: firewallStack.region,
    };
  }, SYNTH_TIMEOUT);

  it('makes a CLOUDFRONT WebACL in us-east-1 with rate limits per address and the managed rule groups', () => {
    expect(behindWaf.region).toBe(CLOUDFRONT_WAF_REGION);
    const [acl] = Object.values(behindWaf.firewall.findResources('AWS::WAFv2::WebACL'));
    expect(acl?.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl?.Properties.Rules as WafRule[];
    const rates = rules.filter((rule) => rule.Statement.RateBasedStatement);
    expect(rates.map((rule) => [rule.Statement.RateBasedStatement?.Limit, rule.Action])).toEqual([
      [WAF_RATE_LIMITS.perAddress, { Block: {} }],
      [WAF_RATE_LIMITS.publicFormsPerAddress, { Block: {} }],
    ]);
    expect(rates.every((rule) => rule.Statement.RateBasedStatement?.AggregateKeyType === 'IP')).toBe(true);
    expect(JSON.stringify(rates[1]?.Statement)).toContain('"SearchString":"/public/"');
    const managed = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement);
    expect(managed.map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name)).toEqual([
      ...MANAGED_RULE_GROUPS,
    ]);
    for (const rule of managed) {
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect(rule.Statement.ManagedRuleGroupStatement?.VendorName).toBe('AWS');
    }
    expect(new Set(rules.map((rule) => rule.Priority)).size).toBe(rules.length);
  });

  it('associates the WebACL with a distribution whose origin is the HTTP API, through a cross-region reference', () => {
    const api = logicalIdOf(behindWaf.stateless, 'AWS::ApiGatewayV2::Api', '/HttpApi/Resource');
    const distribution = Object.values(
      behindWaf.stateless.findResources('AWS::CloudFront::Distribution'),
    ).find((resource) => JSON.stringify(resource).includes('Sanad HTTP API behind AWS WAF'));
    const config = distribution?.Properties.DistributionConfig;
    // Read from the SSM parameter the firewall stack writes in the API's region.
    expect(JSON.stringify(config.WebACLId)).toMatch(/ExportsReader.*SanadApiFirewall.*ApiWebAclArn/);
    expect(config.Origins).toEqual([
      expect.objectContaining({
        DomainName: {
          'Fn::Join': [
            '',
            [{ Ref: api }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
          ],
        },
        CustomOriginConfig: expect.objectContaining({
          OriginProtocolPolicy: 'https-only',
          OriginSSLProtocols: ['TLSv1.2'],
        }),
      }),
    ]);
  });

  it('passes webhooks through whole: every method, no caching, every header but Host, plus the viewer address', () => {
    behindWaf.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Comment: 'Sanad HTTP API behind AWS WAF',
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          CachePolicyId: CACHING_DISABLED,
          // Forwards X-Hub-Signature-256, X-Telegram-Bot-Api-Secret-Token, Authorization, Origin… and CloudFront's
          // own headers, CloudFront-Viewer-Address among them.
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ViewerProtocolPolicy: 'https-only',
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront-api/' }),
      }),
    });
  });

  it('adds a generated secret origin header that every HTTP function requires, and no event function reads', () => {
    const secret = logicalIdOf(
      behindWaf.stateless,
      'AWS::SecretsManager::Secret',
      '/ApiOriginSecret/Resource',
    );
    expect(behindWaf.stateless.toJSON().Resources[secret].Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    // CloudFormation resolves the value at deploy time: it is in neither the template nor the cloud assembly.
    const value = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, ':SecretString:::}}']] };
    const [distribution] = Object.values(
      behindWaf.stateless.findResources('AWS::CloudFront::Distribution'),
    ).filter((resource) => JSON.stringify(resource).includes('Sanad HTTP API behind AWS WAF'));
    expect(distribution?.Properties.DistributionConfig.Origins[0].OriginCustomHeaders).toEqual([
      { HeaderName: ORIGIN_SECRET_HEADER, HeaderValue: value },
    ]);
    for (const name of Object.keys(HTTP_FUNCTIONS))
      expect(variablesOf(behindWaf.stateless, name).API_ORIGIN_SECRET, name).toEqual(value);
    for (const name of Object.keys(EVENT_FUNCTIONS))
      expect(variablesOf(behindWaf.stateless, name).API_ORIGIN_SECRET, name).toBeUndefined();
  });

  it('stays under CloudFormation’s 500 resources a stack with the distribution and its secret', () => {
    expect(Object.keys(behindWaf.stateless.toJSON().Resources).length).toBeLessThan(500);
  });

  it('serves the API on its domain with TLS 1.2, and the functions link to that domain', () => {
    behindWaf.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [WAF_API_DOMAIN.apiDomainName],
        ViewerCertificate: {
          AcmCertificateArn: WAF_API_DOMAIN.apiCertificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    expect(publicApiUrl(behindWaf.stateless)).toBe(`https://${WAF_API_DOMAIN.apiDomainName}`);
    behindWaf.stateless.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    behindWaf.stateless.hasOutput('HttpApiUrl', { Value: `https://${WAF_API_DOMAIN.apiDomainName}` });
  });

  it('refuses a certificate CloudFront cannot use, and a WebACL without waf=true', () => {
    expect(() => synthesizeSanad({}, { waf: 'true', region: 'me-south-1', ...REGIONAL_API_DOMAIN })).toThrow(
      /apiCertificateArn must be a certificate in us-east-1, not me-south-1/,
    );
    expect(() => synthesizeSanad({}, { webAclArn: 'arn:aws:wafv2:us-east-1:1:global/webacl/a/b' })).toThrow(
      /give waf=true/,
    );
  });
});

describe('-c waf=true with -c webAclArn: an existing WebACL', () => {
  it(
    'uses it, adds no firewall stack, and links to the distribution’s own domain',
    () => {
      const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/sanad/abc';
      const { app, statelessTemplate } = synthesizeSanad({}, { waf: 'true', webAclArn });
      expect(app.node.tryFindChild('SanadApiFirewall')).toBeUndefined();
      const edge = logicalIdOf(statelessTemplate, 'AWS::CloudFront::Distribution', '/ApiEdge/Resource');
      statelessTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Comment: 'Sanad HTTP API behind AWS WAF',
          WebACLId: webAclArn,
        }),
      });
      expect(publicApiUrl(statelessTemplate)).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [edge, 'DomainName'] }]],
      });
      // The inbox, its address not named yet, may call it.
      const [headers] = Object.values(
        statelessTemplate.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
      );
      expect(JSON.stringify(headers)).toContain('https://*.cloudfront.net');
    },
    SYNTH_TIMEOUT,
  );
});

describe('-c apiDomainName and apiCertificateArn without WAF', () => {
  beforeAll(() => {
    onDomain = synthesizeSanad({}, REGIONAL_API_DOMAIN).statelessTemplate;
  }, SYNTH_TIMEOUT);

  it('maps the API to a regional API Gateway domain with TLS 1.2', () => {
    const api = logicalIdOf(onDomain, 'AWS::ApiGatewayV2::Api', '/HttpApi/Resource');
    const domain = logicalIdOf(onDomain, 'AWS::ApiGatewayV2::DomainName', '/ApiDomain/Resource');
    onDomain.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: REGIONAL_API_DOMAIN.apiDomainName,
      DomainNameConfigurations: [
        Match.objectLike({
          CertificateArn: REGIONAL_API_DOMAIN.apiCertificateArn,
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        }),
      ],
    });
    onDomain.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: api },
      DomainName: { Ref: domain },
      Stage: Match.anyValue(),
    });
    onDomain.hasOutput('ApiDomainTarget', {
      Value: { 'Fn::GetAtt': [domain, 'RegionalDomainName'] },
    });
  });

  it('puts the domain into the links the functions send and the inbox may connect to', () => {
    expect(publicApiUrl(onDomain)).toBe(`https://${REGIONAL_API_DOMAIN.apiDomainName}`);
    onDomain.hasOutput('HttpApiUrl', { Value: `https://${REGIONAL_API_DOMAIN.apiDomainName}` });
    const [policy] = Object.values(onDomain.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(JSON.stringify(policy)).toContain(`https://${REGIONAL_API_DOMAIN.apiDomainName}`);
    expect(Object.keys(onDomain.findResources('AWS::CloudFront::Distribution'))).toHaveLength(1);
  });

  it('needs no firewall stack and no cross-region reference', () => {
    expect(JSON.stringify(onDomain.toJSON())).not.toContain('CrossRegionExportReader');
  });

  it('has no origin secret for the functions to require: API Gateway is the front door', () => {
    onDomain.resourceCountIs('AWS::SecretsManager::Secret', 0);
    for (const name of Object.keys(HTTP_FUNCTIONS))
      expect(variablesOf(onDomain, name).API_ORIGIN_SECRET, name).toBeUndefined();
  });
});
