import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests from one address in five minutes (WAF's window) before WAF blocks it for a while. */
export const WAF_RATE_LIMITS = { perAddress: 1000, publicFormsPerAddress: 100 } as const;

/** The AWS managed rule groups the API's WebACL runs, in order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

/** Where CloudFront WebACLs live: WAF takes the CLOUDFRONT scope only in us-east-1. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * The WebACL of the CloudFront distribution in front of the HTTP API (`-c waf=true`), in its own small stack
 * because WAF keeps CLOUDFRONT WebACLs in us-east-1 whatever the API's region; the stateless stack reads its ARN
 * through a cross-region reference.
 */
export class ApiFirewallStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const rateRule = (
      name: string,
      priority: number,
      limit: number,
      scopeDownStatement?: wafv2.CfnWebACL.StatementProperty,
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: { block: {} },
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', scopeDownStatement } },
      visibilityConfig: visibility(name),
    });
    const acl = new wafv2.CfnWebACL(this, 'ApiWebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Sanad HTTP API: rate limits per address and AWS managed rules',
      visibilityConfig: visibility('SanadApi'),
      rules: [
        rateRule('RatePerAddress', 0, WAF_RATE_LIMITS.perAddress),
        // Behind CloudFront the API sees CloudFront's addresses, so the per-address limit of the anonymous forms
        // is enforced here, where the beneficiary's own address is known.
        rateRule('PublicFormsRatePerAddress', 1, WAF_RATE_LIMITS.publicFormsPerAddress, {
          andStatement: {
            statements: [
              {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
              {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/public/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            ],
          },
        }),
        ...MANAGED_RULE_GROUPS.map(
          (name, index): wafv2.CfnWebACL.RuleProperty => ({
            name,
            priority: 2 + index,
            overrideAction: { none: {} },
            statement: {
              managedRuleGroupStatement: {
                vendorName: 'AWS',
                name,
                // Provider webhooks (Meta batches, mail relays) and application forms exceed the set's 8 KB body
                // limit; their handlers check size and signature themselves, so that one rule only counts.
                ...(name === 'AWSManagedRulesCommonRuleSet' && {
                  ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
                }),
              },
            },
            visibilityConfig: visibility(name),
          }),
        ),
      ],
    });
    this.webAclArn = acl.attrArn;
    new CfnOutput(this, 'WebAclArn', { value: acl.attrArn });
  }
}
