import { Aws, Duration, type Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';

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

/**
 * CloudFront with AWS WAF in front of the HTTP API. Nothing is cached and every method passes; every viewer header
 * but Host reaches API Gateway (which answers only to its own host name): the staff token, CORS' Origin and the
 * providers' signature headers (X-Hub-Signature-256, X-Telegram-Bot-Api-Secret-Token, …); bodies pass untouched,
 * so signatures over the raw body still verify.
 */
export function apiDistribution(
  stack: Stack,
  api: apigwv2.HttpApi,
  props: ApiDistributionProps,
): cloudfront.Distribution {
  const { domain } = props;
  const distribution = new cloudfront.Distribution(stack, 'ApiEdge', {
    comment: 'Sanad HTTP API behind AWS WAF',
    defaultBehavior: {
      origin: new origins.HttpOrigin(`${api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        readTimeout: Duration.seconds(30),
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
  return distribution;
}

/** The region of an ACM certificate ARN, when written out (not a token). */
export function certificateRegion(certificateArn: string): string | undefined {
  return /^arn:aws[\w-]*:acm:([a-z0-9-]+):/.exec(certificateArn)?.[1];
}
