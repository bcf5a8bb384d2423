import { Aws, Duration, type Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ORIGIN_SECRET_HEADER } from '../../functions/lib/client-address.ts';

/**
 * The HTTP API on a domain of the society's (`-c apiDomainName=… -c apiCertificateArn=…`): an ACM certificate in
 * the API's region for API Gateway, in us-east-1 when CloudFront serves the API (`-c waf=true`).
 */
export interface ApiDomain {
  domainName: string;
  certificateArn: string;
}

/** API Gateway serves the API on the domain (regional endpoint, TLS 1.2 at least) at its root. */
export function apiCustomDomain(
  stack: Stack,
  stage: apigwv2.HttpStage,
  domain: ApiDomain,
): apigwv2.DomainName {
  const domainName = new apigwv2.DomainName(stack, 'ApiDomain', {
    domainName: domain.domainName,
    certificate: acm.Certificate.fromCertificateArn(stack, 'ApiCertificate', domain.certificateArn),
    securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
  });
  new apigwv2.ApiMapping(stack, 'ApiMapping', { api: stage.api, domainName, stage });
  return domainName;
}

export interface ApiDistributionProps {
  /** The CLOUDFRONT-scope WebACL (in us-east-1) that filters every request. */
  webAclArn: string;
  domain?: ApiDomain;
  logBucket: s3.IBucket;
}

/** The distribution in front of the API, and the value its origin header carries (for the functions to check). */
export interface ApiEdge {
  distribution: cloudfront.Distribution;
  originSecret: string;
}

/**
 * CloudFront with AWS WAF in front of the HTTP API. Nothing is cached and every method passes; every viewer header
 * but Host reaches API Gateway (which answers only to its own host name): the staff token, CORS' Origin and the
 * providers' signature headers (X-Hub-Signature-256, X-Telegram-Bot-Api-Secret-Token, …); bodies pass untouched,
 * so signatures over the raw body still verify. The same managed policy adds CloudFront's own headers, among them
 * CloudFront-Viewer-Address, the address the per-address limits count.
 *
 * API Gateway's own endpoint stays reachable (CloudFront's origin is that endpoint, so it cannot be switched off),
 * so CloudFront adds a secret origin header that the functions require (functions/lib/client-address.ts): a
 * request that skipped WAF is refused, and a viewer address is believed only with it. The value is generated
 * once per deployment in Secrets Manager and resolved by CloudFormation into the origin and the functions.
 */
export function apiDistribution(stack: Stack, api: apigwv2.HttpApi, props: ApiDistributionProps): ApiEdge {
  const { domain } = props;
  const secret = new secretsmanager.Secret(stack, 'ApiOriginSecret', {
    description: "Sanad: the header value proving a request came through the API's CloudFront distribution",
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'CloudFront and the functions read the value when deployed, so rotating means redeploying; README, WAF, says how',
  });
  const originSecret = secret.secretValue.unsafeUnwrap();
  const distribution = new cloudfront.Distribution(stack, 'ApiEdge', {
    comment: 'Sanad HTTP API behind AWS WAF',
    defaultBehavior: {
      origin: new origins.HttpOrigin(`${api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        readTimeout: Duration.seconds(30),
        // CloudFront sets it on every origin request, replacing any header of that name a viewer sent.
        customHeaders: { [ORIGIN_SECRET_HEADER]: originSecret },
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    },
    webAclId: props.webAclArn,
    ...(domain && {
      domainNames: [domain.domainName],
      certificate: acm.Certificate.fromCertificateArn(stack, 'ApiEdgeCertificate', domain.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    }),
    priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    enableLogging: true,
    logBucket: props.logBucket,
    logFilePrefix: 'cloudfront-api/',
  });
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR1',
    reason:
      'Beneficiaries abroad and the messaging providers reach the API from anywhere; WAF filters instead',
  });
  if (!domain) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'No API domain given: the default certificate fixes TLSv1; `-c apiDomainName=… -c apiCertificateArn=…` gives TLS 1.2',
    });
  }
  return { distribution, originSecret };
}

/** The region of an ACM certificate ARN, when written out (not a token). */
export function certificateRegion(certificateArn: string): string | undefined {
  return /^arn:aws[\w-]*:acm:([a-z0-9-]+):/.exec(certificateArn)?.[1];
}
