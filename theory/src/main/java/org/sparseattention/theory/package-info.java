/** Exact asymptotics of the sparse-token attention model (THEORY.md sections 4 to 8). */
package org.sparseattention.theory;
