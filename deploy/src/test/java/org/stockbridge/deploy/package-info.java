/**
 * Checks of what an operator deploys: the image tarball built by the api module's {@code image} profile, read from
 * the tar itself; the Kubernetes manifests as {@code kubectl kustomize} renders them; the compose file.
 */
package org.stockbridge.deploy;
