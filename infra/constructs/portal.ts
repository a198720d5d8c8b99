import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PORTAL_DIST, portalIsStale } from '../../portal/scripts/build-portal.js';
import { acknowledge } from '../nag.js';

/** A custom domain for the portal; its certificate must be in ACM in us-east-1 (CloudFront's rule). */
export interface PortalDomain {
  readonly name: string;
  readonly certificateArn: string;
}

export interface PortalProps {
  /** The HTTP API, served under /api on the portal's own origin. */
  readonly api: IHttpApi;
  /** The WAF web ACL (PortalWebAcl.arn), in us-east-1. */
  readonly webAclArn: string;
  /** The account's access-log bucket (ACLs enabled, as CloudFront's standard logs need). */
  readonly logs: IBucket;
  readonly domain?: PortalDomain;
  /** Where the portal signs people in: the user pool's app client (written to /config.json). */
  readonly signIn: { readonly userPoolClientId: string };
}

/**
 * What a page of the portal may load: its own files, the API on the same origin, and the
 * documents bucket (presigned POST uploads, short-lived image and PDF links). The bucket is named
 * by its region's S3 wildcard rather than exactly: naming it would make the distribution depend on
 * the documents bucket, whose CORS rule depends on the distribution's domain.
 */
export function portalContentSecurityPolicy(region: string): string {
  const s3 = `https://*.s3.${region}.amazonaws.com`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${s3}`,
    // Sign-in goes to the user pool's own endpoint (src/auth/cognito.ts).
    `connect-src 'self' ${s3} https://cognito-idp.${region}.amazonaws.com`,
    `frame-src ${s3}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * Every path outside /assets/ (and the deployment's /config.json) is one of the app's own routes (a deep link such as /cases/01J...),
 * which index.html draws. This runs on the portal's behaviour only: an error-page rule for 403/404
 * would be distribution-wide and turn the API's own 403 and 404 answers into the app's page.
 */
const SPA_ROUTING = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('/assets/') !== 0 && request.uri !== '/config.json') request.uri = '/index.html';
  return request;
}`;

/**
 * The portal in AWS: its built files in a private bucket, served by CloudFront (Origin Access
 * Control) behind the WAF web ACL, with the HTTP API under /api on the same origin, so the app needs
 * no API URL and no CORS for its own calls.
 */
export class Portal extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  /** `https://` and the portal's domain: the origin browsers send to the documents bucket. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    const stack = Stack.of(this);
    ensurePortalBuilt();

    // S3-managed keys: the files are the public app itself, and a customer-managed key would need
    // a key-policy grant naming this distribution, which depends on the API and so on that key.
    this.bucket = new Bucket(this, 'Files', {
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: props.logs,
      serverAccessLogsPrefix: 'portal/',
      // Old versions are only a way back from a bad deployment; a month is plenty.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Dossier portal and API: strict security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: portalContentSecurityPolicy(stack.region), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Portal paths carry case ids: no other site learns them.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });

    const spaRouting = new EdgeFunction(this, 'SpaRouting', {
      code: FunctionCode.fromInline(SPA_ROUTING),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Deep links of the portal get index.html',
    });

    const domain = props.domain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Dossier portal, and the API under /api',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe: where the funds and their members are; cheaper than every edge.
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'portal-cdn/',
      ...(domain
        ? {
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          }),
          // An API call over plain HTTP is refused rather than redirected: a redirected POST loses its body.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Authorization, Idempotency-Key, If-Match and the query string reach the API; Host stays
          // the API's own, which API Gateway needs to find it.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
    });
    this.origin = `https://${domain?.name ?? this.distribution.distributionDomainName}`;

    // Hashed bundles never change under their name: cached for a year. index.html names them, so it
    // is revalidated on each visit, uploaded after them, and dropped from CloudFront's caches. Old
    // bundles stay (no pruning), so a page opened before a deployment keeps working.
    const files = Source.asset(PORTAL_DIST, { exclude: ['.built-at'] });
    const bundles = new BucketDeployment(this, 'DeployBundles', {
      sources: [files],
      destinationBucket: this.bucket,
      exclude: ['index.html'],
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      prune: false,
    });
    const index = new BucketDeployment(this, 'DeployIndex', {
      sources: [files],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['index.html'],
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
    });
    index.node.addDependency(bundles);
    // The sign-in settings, known at deploy time only: the app reads /config.json, and signs in
    // with the local login route when it finds none (npm start).
    new BucketDeployment(this, 'DeployConfig', {
      sources: [Source.jsonData('config.json', { region: stack.region, userPoolClientId: props.signIn.userPoolClientId })],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/config.json'],
    });

    acknowledge(this.distribution, [
      { id: 'AwsSolutions::AwsSolutions-CFR1', reason: 'Members of the funds live and travel abroad; the WAF rate limit and managed rules protect the edge instead.' },
      ...(domain
        ? []
        : [
            {
              id: 'AwsSolutions::AwsSolutions-CFR4',
              reason: "Without a custom domain (context portalDomain and portalCertificateArn) CloudFront's default certificate allows only its own TLS policy; with one, TLS 1.2 is the minimum.",
            },
          ]),
    ]);
    // The deployments' function and role are CDK's own (one per stack, made by BucketDeployment).
    const deployer = bundles.handlerRole.node.scope!;
    acknowledge(deployer, [
      { id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: "CDK's BucketDeployment function writes its logs with the basic execution role." },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*'].map((action) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason: "BucketDeployment reads the portal's build from CDK's asset bucket and lists the portal bucket to sync it.",
      })),
      ...['s3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason: "BucketDeployment's sync replaces the portal's files and aborts its own failed uploads, in the portal bucket only.",
      })),
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: "CDK's asset bucket, where the portal's build is staged." },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*]`, reason: "Every file of the portal bucket is the deployment's to write." },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: "CloudFront's invalidation actions take no resource narrower than *; it invalidates /index.html of this distribution." },
      { id: 'AwsSolutions::AwsSolutions-L1', reason: "BucketDeployment's function runtime is chosen by CDK." },
    ]);

    new CfnOutput(this, 'PortalUrl', { value: this.origin, description: 'The portal, and the API under /api' });
  }
}

/**
 * The deployment uploads portal/dist: build it when it is missing or older than its sources, so
 * that `cdk synth` on a fresh clone deploys the portal of the code checked out.
 */
function ensurePortalBuilt(): void {
  if (!portalIsStale()) return;
  const repo = join(import.meta.dirname, '..', '..');
  // The build's report goes to stderr: `cdk synth` prints the template on stdout.
  const build = spawnSync(process.execPath, ['--import', 'tsx', join('portal', 'scripts', 'build-portal.ts')], { cwd: repo, stdio: ['ignore', 2, 2] });
  if (build.status !== 0 || !existsSync(join(PORTAL_DIST, 'index.html'))) {
    throw new Error(`The portal could not be built for deployment (npm run portal:build exited with ${build.status ?? build.signal}); fix the build and synthesise again.`);
  }
}
