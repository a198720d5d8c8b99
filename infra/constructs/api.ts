import { CfnOutput, Duration, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, CfnUserPoolGroup, ClientAttributes, StringAttribute, FeaturePlan, LambdaVersion, Mfa, UserPool, UserPoolClient, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { acknowledge } from '../nag.js';
import { Construct } from 'constructs';
import { routes } from '#functions/registry.js';
import { ROLES } from '#shared/auth/principal.js';

/** Cognito user pool with one group per role: the roles arrive in tokens as `cognito:groups`. */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
      // A claimant's member number in the registry, set by ops; the trigger puts it in access tokens.
      customAttributes: { member_number: new StringAttribute({ minLen: 6, maxLen: 20, mutable: true }) },
    });
    acknowledge(this.userPool, [
      {
        id: 'AwsSolutions::AwsSolutions-COG2',
        reason: 'MFA is offered to everyone and required for staff: the pre-token-generation trigger grants staff groups only to people who sign in with TOTP. Claimants sign in with a password.',
      },
    ]);
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role, description: `Dossier role ${role}` });
    }
    this.client = this.userPool.addClient('Portal', {
      // The portal signs in with the password over HTTPS (USER_PASSWORD_AUTH), then the TOTP code.
      authFlows: { userSrp: true, userPassword: true },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
      // People may not write custom:member_number themselves: it says whose records they reach.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, locale: true }),
    });
  }

  /** Tokens carry staff groups only for people who signed in with a second factor (shared/auth/staff-mfa.ts). */
  requireMfaForStaff(trigger: IFunction): void {
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, trigger, LambdaVersion.V2_0);
  }
}

/** The HTTP API: one route per registry entry, behind the Cognito JWT authorizer unless public. */
export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: { functions: ReadonlyMap<string, IFunction>; identity: Identity; key: IKey }) {
    super(scope, id);
    const stack = Stack.of(this);
    const authorizer = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${stack.region}.amazonaws.com/${props.identity.userPool.userPoolId}`, {
      jwtAudience: [props.identity.client.userPoolClientId],
    });
    this.httpApi = new HttpApi(this, 'Http', { apiName: 'dossier', createDefaultStage: true });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, encryptionKey: props.key });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        ip: '$context.identity.sourceIp',
        user: '$context.authorizer.claims.sub',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 2000, throttlingRateLimit: 1000 };

    // The routes, their integrations and the permissions to invoke the functions (some three
    // resources a route) live in a nested stack: the main stack stays under CloudFormation's 500
    // resources a stack as routes are added. The API, its stage and its authorizer stay here.
    const routesStack = new NestedStack(this, 'Routes', { description: 'Dossier HTTP API routes and their Lambda integrations' });
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of routes) {
      const fn = props.functions.get(route.functionId);
      if (!fn) throw new Error(`route ${route.method} ${route.path} names unknown function ${route.functionId}`);
      let integration = integrations.get(route.functionId);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.functionId}Integration`, fn);
        integrations.set(route.functionId, integration);
      }
      const created = new HttpRoute(routesStack, `${route.method}${route.path}`, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, route.method as HttpMethod),
        integration,
        ...(route.auth === 'jwt' ? { authorizer } : {}),
      });
      if (route.auth === 'public' && created) {
        acknowledge(created, [
          { id: 'AwsSolutions::AwsSolutions-APIG4', reason: 'Deliberately public: health check and the OpenAPI document carry no data.' },
        ]);
      }
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: props.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: props.identity.client.userPoolClientId });
  }
}
