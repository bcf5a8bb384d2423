import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { StatefulResources } from './stateful-stack.ts';

/** The staff inbox build, served from the private web-app bucket through origin access control. */
export function webDistribution(stack: Stack, stateful: StatefulResources): cloudfront.Distribution {
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
  const distribution = new cloudfront.Distribution(stack, 'WebApp', {
    comment: 'Sanad staff inbox',
    defaultRootObject: 'index.html',
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    },
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
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'No custom domain yet: the default certificate fixes TLSv1; add a domain and ACM certificate for TLS 1.2',
    },
  );
  return distribution;
}
