package org.sparseattention.validation.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.validation.io.Progress;

/** Theory curves of the step-4 ERM for several models, with one progress count over all of them. */
public final class TheoryCurves {
    private TheoryCurves() {
    }

    /**
     * Solves {@code theory.curve(m, alpha1)} for every model in order.
     *
     * @param progress counts points over all models
     * @return the curves, in the order of {@code models}
     */
    public static Map<Model, List<ErmSolution>> of(SparseTokenTheory theory, List<Model> models, double[] alpha1,
                                                   Progress progress) {
        Map<Model, List<ErmSolution>> out = new LinkedHashMap<>();
        int offset = 0;
        for (Model m : models) {
            final int base = offset;
            out.put(m, theory.curve(m, alpha1, (done, total) -> progress.set(base + done)));
            offset += alpha1.length;
        }
        return out;
    }

    /**
     * Like {@link #of(SparseTokenTheory, List, double[], Progress)}, one work unit
     * ({@code "curve", model index}) per model: a curve is solved by continuation along
     * {@code alpha1}, so its points are one unit. A shard's map holds only its own curves.
     */
    public static Map<Model, List<ErmSolution>> of(SparseTokenTheory theory, List<Model> models, double[] alpha1,
                                                   Progress progress, WorkUnits units) {
        Map<Model, List<ErmSolution>> out = new LinkedHashMap<>();
        for (int mi = 0; mi < models.size(); mi++) {
            Model m = models.get(mi);
            final int base = mi * alpha1.length;
            ErmSolution[] curve = units.get("curve", mi, ErmSolution[].class, () -> theory.curve(m, alpha1,
                    (done, total) -> progress.set(base + done)).toArray(new ErmSolution[0]));
            progress.set(base + alpha1.length);
            if (curve != null) {
                out.put(m, List.of(curve));
            }
        }
        return out;
    }
}
