package org.sparseattention.simulation.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;

/** Steps 1-3 against a direct transcription of docs/theory.md section 3 with full matrices. */
class AttentionProtocolTest {

    private static void check(LossKind loss) {
        int d = 5, L = 4;
        double alpha0 = 7.0 / 5.0; // n0 = 7
        SimulationConfig cfg = new SimulationConfig(L, 1, 0.4, 2.0, loss, 0.1, 3.0, 0.7, 0.9, 1.3, alpha0, d, 1.0,
                0, 0, 0.5);
        assertEquals(7, cfg.n0());
        long ts = 123;
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(8), d);
        SparseTokenSampler sampler = new SparseTokenSampler(L, 1, 0.4, 2.0, xi);
        // naive transcription
        int n0 = cfg.n0();
        RealMatrix[] X = new RealMatrix[n0];
        double[] y = new double[n0];
        for (int i = 0; i < n0; i++) {
            double[] x = new double[L * d];
            y[i] = sampler.draw(Seeds.stream(ts, Seeds.D0, i), x, null);
            X[i] = MatrixUtils.createRealMatrix(L, d);
            for (int l = 0; l < L; l++) {
                for (int j = 0; j < d; j++) {
                    X[i].setEntry(l, j, x[l * d + j]);
                }
            }
        }
        RealVector ones = MatrixUtils.createRealVector(new double[L]).mapAdd(1.0);
        RealMatrix P = MatrixUtils.createRealIdentityMatrix(L).subtract(ones.outerProduct(ones).scalarMultiply(1.0 / L));
        double b1 = 0;
        for (int i = 0; i < n0; i++) {
            b1 += loss.derivative(y[i], 0);
        }
        b1 = -cfg.etaB() * b1 / n0;
        RealVector w1 = MatrixUtils.createRealVector(new double[d]);
        for (int i = 0; i < n0; i++) {
            RealVector pooled = X[i].transpose().operate(ones).mapDivide(L);
            w1 = w1.add(pooled.mapMultiply(loss.derivative(y[i], b1)));
        }
        w1 = w1.mapMultiply(-cfg.etaW() / n0);
        RealVector q2 = MatrixUtils.createRealVector(new double[d]);
        for (int i = 0; i < n0; i++) {
            RealVector pooled = X[i].transpose().operate(ones).mapDivide(L);
            double yhat1 = w1.dotProduct(pooled) + b1;
            RealVector v = X[i].transpose().multiply(P).multiply(X[i]).operate(w1);
            q2 = q2.add(v.mapMultiply(loss.derivative(y[i], yhat1)));
        }
        q2 = q2.mapMultiply(-cfg.etaQ() * cfg.beta() / L / n0);

        for (ChunkedExecutor ex : new ChunkedExecutor[] {ChunkedExecutor.serial(), new ChunkedExecutor(2)}) {
            QuerySteps qs = AttentionProtocol.run(cfg, sampler, ts, ex);
            assertEquals(b1, qs.b1(), 1e-14);
            for (int j = 0; j < d; j++) {
                assertEquals(w1.getEntry(j), qs.wTilde1()[j], 1e-13, "w1[" + j + "] " + loss);
                assertEquals(q2.getEntry(j), qs.q2()[j], 1e-12 * Math.max(1, q2.getLInfNorm()), "q2[" + j + "] " + loss);
            }
            ex.close();
        }
    }

    @Test
    void logisticStepsMatchNaiveFormulas() {
        check(LossKind.LOGISTIC);
    }

    @Test
    void squareStepsMatchNaiveFormulas() {
        check(LossKind.SQUARE);
    }

    @Test
    void hingeStepsMatchNaiveFormulas() {
        check(LossKind.HINGE);
    }
}
