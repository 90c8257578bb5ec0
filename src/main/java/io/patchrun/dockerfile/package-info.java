/**
 * The Dockerfile parser: which images a Dockerfile is built from, by the rules of Docker's BuildKit
 * frontend. {@link io.patchrun.dockerfile.DockerfileParser#parse} is the entry; it reads text and does no
 * I/O. Everything but the result types and {@link io.patchrun.dockerfile.DockerfileException} is
 * package-private.
 */
package io.patchrun.dockerfile;
