/** Finite-d realisation of the sparse-token model (THEORY.md sections 1 to 3). */
package org.sparseattention.simulation;
