/** Label every object created here carries, so `kubectl get -l` finds what this project manages. */
export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'cdktf-gitops' };

/** Label naming an object's environment. */
export const ENVIRONMENT_LABEL = 'cdktf-gitops/environment';

/** Label naming an object's team. */
export const TEAM_LABEL = 'cdktf-gitops/team';

/** The labels a web service's pods are selected by (stable: changing a selector recreates the deployment). */
export function selectorLabels(service: string): Record<string, string> {
  return { 'app.kubernetes.io/name': service };
}
