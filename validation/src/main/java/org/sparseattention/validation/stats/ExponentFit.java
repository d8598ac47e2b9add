package org.sparseattention.validation.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Log-log slope of a spread versus {@code d}: {@code log s = a_g + p log d}, one intercept per
 * group (e.g. per {@code alpha1}) and a common exponent {@code p}, by least squares on the
 * within-group centred logarithms. The trial-to-trial standard deviation of a self-averaging
 * quantity has {@code p} near {@code -1/2}.
 *
 * @param exponent    fitted common slope {@code p}
 * @param exponentErr its standard error (NaN without residual degrees of freedom)
 * @param points      points used
 */
public record ExponentFit(double exponent, double exponentErr, int points) {

    /** One point of a group: dimension and spread. */
    public record Point(double d, double spread) {
    }

    /**
     * Fits the common exponent; points with non-positive or non-finite values are skipped,
     * groups with fewer than two usable points carry no information.
     *
     * @param groups groups of points sharing an intercept
     */
    public static ExponentFit fit(List<List<Point>> groups) {
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        int usedGroups = 0;
        List<double[]> centred = new ArrayList<>();
        for (List<Point> g : groups) {
            List<Point> ok = g.stream()
                    .filter(p -> p.d() > 0 && p.spread() > 0 && Double.isFinite(p.spread()))
                    .toList();
            if (ok.size() < 2) {
                continue;
            }
            usedGroups++;
            double mx = ok.stream().mapToDouble(p -> Math.log(p.d())).average().orElseThrow();
            double my = ok.stream().mapToDouble(p -> Math.log(p.spread())).average().orElseThrow();
            for (Point p : ok) {
                double x = Math.log(p.d()) - mx;
                double y = Math.log(p.spread()) - my;
                sxx += x * x;
                sxy += x * y;
                centred.add(new double[] {x, y});
                n++;
            }
        }
        if (n == 0 || sxx == 0) {
            return new ExponentFit(Double.NaN, Double.NaN, n);
        }
        double slope = sxy / sxx;
        int dof = n - usedGroups - 1;
        double err = Double.NaN;
        if (dof > 0) {
            double rss = 0;
            for (double[] xy : centred) {
                double r = xy[1] - slope * xy[0];
                rss += r * r;
            }
            err = Math.sqrt(rss / dof / sxx);
        }
        return new ExponentFit(slope, err, n);
    }
}
