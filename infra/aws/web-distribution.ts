import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { contentSecurityPolicy, PAGE_SECURITY_HEADERS } from '../web-headers.ts';
import type { StatefulResources } from './stateful-stack.ts';

/** A custom domain for the inbox and the public pages; the ACM certificate is in us-east-1, as CloudFront needs. */
export interface WebDomain {
  domainName: string;
  certificateArn: string;
}

export interface WebDistributionProps {
  /** Where the app's scripts may connect: the HTTP API, the WebSocket API and Cognito, nothing else. */
  connectSources: string[];
  domain?: WebDomain;
}

/** The staff inbox build, served from the private web-app bucket through origin access control. */
export function webDistribution(
  stack: Stack,
  stateful: StatefulResources,
  props: WebDistributionProps,
): cloudfront.Distribution {
  const { webApp, logs: logBucket } = stateful;
  // Imported by attributes: the bucket policy that lets CloudFront read is written in the stateful stack.
  const bucket = s3.Bucket.fromBucketAttributes(stack, 'WebAppBucket', {
    bucketArn: webApp.bucketArn,
    bucketRegionalDomainName: webApp.bucketRegionalDomainName,
  });
  Validations.of(stack).acknowledge({
    id: '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
    reason: 'The stateful stack grants CloudFront read access on the web-app bucket',
  });
  const spa = (httpStatus: number): cloudfront.ErrorResponse => ({
    httpStatus,
    responseHttpStatus: 200,
    responsePagePath: '/index.html',
    ttl: Duration.minutes(5),
  });
  const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(stack, 'WebAppHeaders', {
    comment: 'Sanad inbox: strict CSP, HSTS, no framing, no referrer across origins',
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        contentSecurityPolicy: contentSecurityPolicy(props.connectSources),
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: true,
      },
      // The values npm start sends (infra/web-headers.ts); the enums' values are the header values themselves.
      frameOptions: {
        frameOption: PAGE_SECURITY_HEADERS['x-frame-options'] as cloudfront.HeadersFrameOption,
        override: true,
      },
      referrerPolicy: {
        referrerPolicy: PAGE_SECURITY_HEADERS['referrer-policy'] as cloudfront.HeadersReferrerPolicy,
        override: true,
      },
      contentTypeOptions: { override: true },
    },
  });
  const { domain } = props;
  const distribution = new cloudfront.Distribution(stack, 'WebApp', {
    comment: 'Sanad staff inbox',
    defaultRootObject: 'index.html',
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy,
    },
    ...(domain && {
      domainNames: [domain.domainName],
      certificate: acm.Certificate.fromCertificateArn(stack, 'WebAppCertificate', domain.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    }),
    // The inbox routes in the browser: unknown paths serve the app.
    errorResponses: [spa(403), spa(404)],
    // PRICE_CLASS_200 is the cheapest class with Middle East edge locations.
    priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    enableLogging: true,
    logBucket,
    logFilePrefix: 'cloudfront/',
  });
  Validations.of(distribution).acknowledge(
    {
      id: 'AwsSolutions-CFR1',
      reason: 'Staff work from branches and travel; the app is useless without a Cognito sign-in anyway',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason: 'Static files only, no forms behind it; WAF on CloudFront is an option (README, Deploy to AWS)',
    },
  );
  if (!domain) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'No custom domain given: the default certificate fixes TLSv1; `-c domainName=… -c certificateArn=…` gives TLS 1.2',
    });
  }
  return distribution;
}
