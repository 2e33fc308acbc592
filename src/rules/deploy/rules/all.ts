/** Every deployment rule, in report order. */
import type { DeployRule } from '../rule.js';
import { literalSecret } from './literal-secret.js';
import { defaultPassword } from './default-password.js';
import { datastoreNoAuth } from './datastore-no-auth.js';
import { authDisabled } from './auth-disabled.js';
import { k8sSecretLiteral } from './k8s-secret-literal.js';
import { iacStaticKey } from './iac-static-key.js';
import { ciStaticCloudKey } from './ci-static-cloud-key.js';
import { ciRegistryToken } from './ci-registry-token.js';
import { iamWildcard } from './iam-wildcard.js';
import { k8sBroadRbac } from './k8s-broad-rbac.js';
import { ghaWriteAll, ghaMissingPermissions } from './gha-permissions.js';
import { ghaPrTarget } from './gha-pr-target.js';
import { ghaScriptInjection } from './gha-script-injection.js';
import { ciPrTrigger } from './ci-pr-trigger.js';
import { privilegedContainer } from './privileged-container.js';
import { defaultServiceAccount } from './default-service-account.js';
import { runsAsRoot } from './runs-as-root.js';
import { ciAgentUnrestricted } from './ci-agent-unrestricted.js';
import { ciAgentPublicLog, ciAgentUntrustedInput } from './ci-agent-untrusted.js';
import { unpinnedImage } from './unpinned-image.js';
import { pipeToShell } from './pipe-to-shell.js';
import { ciSourceInstall } from './ci-source-install.js';
import { unpinnedAction } from './unpinned-action.js';
import { vncNoPassword } from './vnc-no-password.js';
import { browserDebugExposed } from './browser-debug-exposed.js';
import { codeExecEndpointExposed } from './code-exec-endpoint-exposed.js';
import { imageEnvFile } from './image-env-file.js';
import { buildArgSecret } from './build-arg-secret.js';

export const DEPLOY_RULES: DeployRule[] = [
  literalSecret,
  defaultPassword,
  datastoreNoAuth,
  authDisabled,
  k8sSecretLiteral,
  iacStaticKey,
  ciStaticCloudKey,
  ciRegistryToken,
  imageEnvFile,
  buildArgSecret,
  iamWildcard,
  k8sBroadRbac,
  ghaWriteAll,
  ghaMissingPermissions,
  ghaPrTarget,
  ghaScriptInjection,
  ciPrTrigger,
  privilegedContainer,
  defaultServiceAccount,
  runsAsRoot,
  ciAgentUnrestricted,
  ciAgentUntrustedInput,
  ciAgentPublicLog,
  unpinnedImage,
  pipeToShell,
  ciSourceInstall,
  unpinnedAction,
  vncNoPassword,
  browserDebugExposed,
  codeExecEndpointExposed,
];
