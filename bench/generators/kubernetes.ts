import { stringify } from 'yaml';
import type { Random } from './random';
import { ENVIRONMENTS, TEAMS, postureFor, type GeneratedFile, type Posture } from './shared';

/** Applications at scale 1, each three to five manifest files: a few hundred files. */
const APPS_AT_SCALE_1 = 80;

const APP_NAMES = [
  'api',
  'web',
  'worker',
  'gateway',
  'scheduler',
  'indexer',
  'exporter',
  'cache',
  'ingest',
  'notifier',
];

type Manifest = Record<string, unknown>;

interface App {
  dir: string;
  team: string;
  name: string;
  namespace: string;
  environment: string;
  posture: Posture;
}

function containerSecurity(rng: Random, posture: Posture): Manifest | undefined {
  const secure = () => rng.chance(posture.secureShare);
  if (!secure() && rng.chance(0.3)) return undefined;
  const ctx: Manifest = {};
  if (secure()) ctx.allowPrivilegeEscalation = false;
  else if (rng.chance(0.5)) ctx.allowPrivilegeEscalation = true;
  if (!secure() && rng.chance(0.3)) ctx.privileged = true;
  if (secure()) ctx.readOnlyRootFilesystem = true;
  if (secure()) ctx.runAsNonRoot = true;
  else if (rng.chance(0.4)) ctx.runAsUser = 0;
  const capabilities: Manifest = {};
  if (secure()) capabilities.drop = ['ALL'];
  if (!secure() && rng.chance(0.4))
    capabilities.add = rng.sample(['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW', 'SYS_PTRACE'], rng.int(1, 2));
  if (Object.keys(capabilities).length > 0) ctx.capabilities = capabilities;
  if (secure()) ctx.seccompProfile = { type: 'RuntimeDefault' };
  return ctx;
}

function image(rng: Random, app: App, component: string, posture: Posture): string {
  const repo = `contoso${app.environment}.azurecr.io/${app.team}/${component}`;
  if (rng.chance(posture.secureShare * 0.6)) return `${repo}@sha256:${rng.hex(64)}`;
  if (!rng.chance(posture.secureShare) && rng.chance(0.5)) return `${repo}:latest`;
  return `${repo}:${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 9)}`;
}

function container(rng: Random, app: App, name: string): Manifest {
  const port = rng.pick([8080, 8443, 3000, 9000]);
  const c: Manifest = {
    name,
    image: image(rng, app, name, app.posture),
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'ENVIRONMENT', value: app.environment },
      { name: 'LOG_LEVEL', value: rng.pick(['info', 'debug', 'warn']) },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app.name}-db`, key: 'password' } } },
    ],
    resources: {
      requests: { cpu: `${rng.pick([50, 100, 250, 500])}m`, memory: `${rng.pick([64, 128, 256, 512])}Mi` },
      limits: { cpu: `${rng.pick([500, 1000, 2000])}m`, memory: `${rng.pick([256, 512, 1024])}Mi` },
    },
    livenessProbe: { httpGet: { path: '/healthz', port }, initialDelaySeconds: 10, periodSeconds: 15 },
    readinessProbe: { httpGet: { path: '/ready', port }, periodSeconds: 5 },
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'config', mountPath: '/etc/app', readOnly: true },
    ],
  };
  const security = containerSecurity(rng, app.posture);
  if (security) c.securityContext = security;
  return c;
}

function podSpec(rng: Random, app: App): Manifest {
  const spec: Manifest = {
    serviceAccountName: `${app.name}-sa`,
    automountServiceAccountToken: rng.chance(app.posture.secureShare) ? false : undefined,
    containers: [
      container(rng, app, app.name),
      ...(rng.chance(0.3) ? [container(rng, app, `${app.name}-sidecar`)] : []),
    ],
    volumes: [
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'config', configMap: { name: `${app.name}-config` } },
    ],
    nodeSelector: { workload: rng.pick(['apps', 'batch', 'memory']) },
    tolerations: [{ key: 'workload', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
  };
  if (rng.chance(0.3))
    spec.initContainers = [{ ...container(rng, app, 'migrate'), command: ['/app/migrate', '--up'] }];
  if (rng.chance(app.posture.secureShare))
    spec.securityContext = {
      runAsNonRoot: true,
      runAsUser: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  if (!rng.chance(app.posture.secureShare) && rng.chance(0.25)) spec.hostNetwork = true;
  if (!rng.chance(app.posture.secureShare) && rng.chance(0.15)) spec.hostPID = true;
  if (!rng.chance(app.posture.secureShare) && rng.chance(0.25))
    (spec.volumes as Manifest[]).push({
      name: 'docker-sock',
      hostPath: { path: '/var/run/docker.sock', type: 'Socket' },
    });
  if (spec.automountServiceAccountToken === undefined) delete spec.automountServiceAccountToken;
  return spec;
}

function metadata(app: App, name: string, extra: Manifest = {}): Manifest {
  return {
    name,
    namespace: app.namespace,
    labels: {
      'app.kubernetes.io/name': app.name,
      'app.kubernetes.io/part-of': app.team,
      'app.kubernetes.io/managed-by': 'kustomize',
      environment: app.environment,
    },
    ...extra,
  };
}

function workloads(rng: Random, app: App): Manifest[] {
  const selector = { matchLabels: { 'app.kubernetes.io/name': app.name } };
  const template = () => ({
    metadata: { labels: selector.matchLabels, annotations: { 'prometheus.io/scrape': 'true' } },
    spec: podSpec(rng, app),
  });
  const docs: Manifest[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(app, app.name),
      spec: {
        replicas: rng.int(2, 6),
        revisionHistoryLimit: 5,
        selector,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: template(),
      },
    },
  ];
  const extra = rng.next();
  if (extra < 0.25)
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: metadata(app, `${app.name}-store`),
      spec: {
        serviceName: `${app.name}-store`,
        replicas: 3,
        selector,
        template: template(),
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: 'managed-csi-premium',
              resources: { requests: { storage: '32Gi' } },
            },
          },
        ],
      },
    });
  else if (extra < 0.45)
    docs.push({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: metadata(app, `${app.name}-nightly`),
      spec: {
        schedule: `${rng.int(0, 59)} ${rng.int(0, 5)} * * *`,
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          spec: { backoffLimit: 2, template: { spec: { ...podSpec(rng, app), restartPolicy: 'OnFailure' } } },
        },
      },
    });
  else if (extra < 0.55)
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: metadata(app, `${app.name}-agent`),
      spec: { selector, template: template() },
    });
  return docs;
}

function networking(rng: Random, app: App): Manifest[] {
  const port = rng.pick([8080, 8443, 3000]);
  const docs: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(app, app.name),
      spec: {
        type: !rng.chance(app.posture.secureShare) && rng.chance(0.3) ? 'LoadBalancer' : 'ClusterIP',
        selector: { 'app.kubernetes.io/name': app.name },
        ports: [{ name: 'http', port: 80, targetPort: port, protocol: 'TCP' }],
      },
    },
  ];
  if (rng.chance(0.5))
    docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: metadata(app, app.name, { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }),
      spec: {
        ingressClassName: 'webapprouting.kubernetes.azure.com',
        tls: [{ hosts: [`${app.name}.${app.team}.contoso.com`], secretName: `${app.name}-tls` }],
        rules: [
          {
            host: `${app.name}.${app.team}.contoso.com`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: app.name, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
  return docs;
}

function networkPolicies(rng: Random, app: App): Manifest[] {
  const docs: Manifest[] = [];
  if (rng.chance(app.posture.secureShare))
    docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(app, 'default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  docs.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(app, `${app.name}-allow`),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': app.name } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
            { podSelector: { matchLabels: { role: 'frontend' } } },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }],
        },
        {
          to: [
            {
              ipBlock: {
                cidr: rng.chance(app.posture.secureShare) ? '10.0.0.0/8' : '0.0.0.0/0',
                except: ['169.254.169.254/32'],
              },
            },
          ],
        },
      ],
    },
  });
  return docs;
}

function rbac(rng: Random, app: App): Manifest[] {
  const sa = `${app.name}-sa`;
  const docs: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: metadata(app, sa, { annotations: { 'azure.workload.identity/client-id': rng.guid() } }),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadata(app, `${app.name}-reader`),
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['get', 'list', 'watch'] },
        ...(rng.chance(app.posture.secureShare)
          ? []
          : [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(app, `${app.name}-reader`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${app.name}-reader` },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: app.namespace }],
    },
  ];
  if (!rng.chance(app.posture.secureShare) && rng.chance(0.4)) {
    docs.push(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${app.team}-${app.name}-operator` },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${app.team}-${app.name}-operator` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: rng.chance(0.5) ? 'cluster-admin' : `${app.team}-${app.name}-operator`,
        },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: app.namespace }],
      },
    );
  }
  return docs;
}

function extras(rng: Random, app: App): Manifest[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(app, `${app.name}-config`),
      data: {
        'app.yaml': `server:\n  port: 8080\nfeatures:\n  cache: ${rng.chance(0.5)}\n`,
        LOG_FORMAT: 'json',
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metadata(app, app.name),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
        minReplicas: 2,
        maxReplicas: rng.int(4, 20),
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: metadata(app, app.name),
      spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': app.name } } },
    },
  ];
}

function documents(docs: Manifest[], heading: string): string {
  return `# ${heading}\n` + docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

export function kubernetesCorpus(rng: Random, scale: number): GeneratedFile[] {
  const count = Math.max(1, Math.round(APPS_AT_SCALE_1 * scale));
  const files: GeneratedFile[] = [];
  for (let i = 0; i < count; i++) {
    const team = TEAMS[(i * 11) % TEAMS.length];
    const environment = ENVIRONMENTS[i % ENVIRONMENTS.length];
    const name = APP_NAMES[(i * 3 + Math.floor(i / APP_NAMES.length)) % APP_NAMES.length];
    const dir = `kubernetes/${team}/${name}-${environment}-${i}`;
    const appRng = rng.fork(dir);
    const app: App = {
      dir,
      team,
      name,
      namespace: `${team}-${environment}`,
      environment,
      posture: postureFor(appRng, environment),
    };
    const parts: [string, Manifest[]][] = [
      ['workloads', workloads(appRng, app)],
      ['service', networking(appRng, app)],
      ['rbac', rbac(appRng, app)],
      ['network-policy', networkPolicies(appRng, app)],
    ];
    if (appRng.chance(0.5)) parts.push(['extras', extras(appRng, app)]);
    if (appRng.chance(0.25)) {
      files.push({
        path: `${dir}/all.yaml`,
        text: documents(
          parts.flatMap(([, docs]) => docs),
          `${app.team}/${app.name} (${environment}), rendered by kustomize`,
        ),
      });
    } else {
      for (const [part, docs] of parts)
        files.push({
          path: `${dir}/${part}.${appRng.chance(0.8) ? 'yaml' : 'yml'}`,
          text: documents(docs, `${app.team}/${app.name}: ${part}`),
        });
    }
  }
  return files;
}
