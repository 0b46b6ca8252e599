/** Call metadata: case-insensitive string pairs carried as headers with every call. */
package io.microvx.metadata;
