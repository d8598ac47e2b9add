/** Exact asymptotics of the sparse-token attention model (docs/theory.md sections 4 to 8). */
package org.sparseattention.theory;
