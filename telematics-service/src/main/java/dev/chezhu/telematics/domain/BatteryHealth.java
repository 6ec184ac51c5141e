package dev.chezhu.telematics.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The battery health method (pure; documented in the README):
 * <ul>
 * <li>state of health: the latest StateOfHealth, and daily averages over the lookback with their
 * least-squares slope in percentage points per year;</li>
 * <li>cell balance: from the latest CellVoltages array (or CellVoltage.Max - Min when no array),
 * spread (max - min) and standard deviation in mV; plus the mean of the daily mean spreads;</li>
 * <li>second-life grade: A when SoH >= 80 %, spread <= 30 mV and the slope is not steeper than
 * -3 points/year (or unknown); B when SoH >= 70 % and spread <= 60 mV; C when SoH >= 60 % and
 * spread <= 100 mV; D otherwise; INSUFFICIENT_DATA without a state of health or cell data. The
 * spread used for grading is the larger of the latest and the mean daily spread, so one good
 * reading does not hide a pack that is usually unbalanced.</li>
 * </ul>
 */
public final class BatteryHealth {

    public enum Grade { A, B, C, D, INSUFFICIENT_DATA }

    public record Report(String vin, Instant generatedAt, Double stateOfHealth, List<SignalAggregate> sohTrend,
            double slopePerYear, int cellCount, Double spreadMv, double stddevMv, Double meanDailySpreadMv,
            Grade grade, String rationale) {
    }

    private BatteryHealth() {
    }

    public static Report assess(String vin, Instant now, Double latestSoh, List<SignalAggregate> sohDaily,
            List<Double> latestCells, Double minMaxSpreadMv, List<SignalAggregate> dailySpread) {
        Double soh = latestSoh != null ? latestSoh
                : sohDaily.isEmpty() ? null : sohDaily.get(sohDaily.size() - 1).avg();
        double slope = slopePerYear(sohDaily);
        int cells = latestCells == null ? 0 : latestCells.size();
        Double spread = null;
        double stddev = 0;
        if (cells >= 2) {
            spread = AlertRules.spreadMillivolts(latestCells);
            double mean = latestCells.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            stddev = Math.sqrt(latestCells.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / cells) * 1000;
        } else if (minMaxSpreadMv != null) {
            spread = minMaxSpreadMv;
        }
        Double meanDaily = dailySpread.isEmpty() ? null
                : dailySpread.stream().mapToDouble(SignalAggregate::avg).average().orElse(0);
        // no ternary here: mixing Double and double in one would unbox a null (a car without cell data)
        Double gradingSpread;
        if (spread == null) {
            gradingSpread = meanDaily;
        } else if (meanDaily == null) {
            gradingSpread = spread;
        } else {
            gradingSpread = Math.max(spread, meanDaily);
        }

        Grade grade;
        String why;
        if (soh == null || gradingSpread == null) {
            grade = Grade.INSUFFICIENT_DATA;
            why = "needs a state of health and cell voltages; have " + (soh == null ? "no state of health" : "SoH")
                    + " and " + (gradingSpread == null ? "no cell voltages" : "cell voltages");
        } else {
            boolean slopeOk = sohDaily.size() < 2 || slope >= -3;
            if (soh >= 80 && gradingSpread <= 30 && slopeOk) {
                grade = Grade.A;
            } else if (soh >= 70 && gradingSpread <= 60) {
                grade = Grade.B;
            } else if (soh >= 60 && gradingSpread <= 100) {
                grade = Grade.C;
            } else {
                grade = Grade.D;
            }
            why = String.format(Locale.ROOT, "SoH %.1f %%, cell spread %.0f mV (latest %s, mean daily %s), SoH trend %s",
                    soh, gradingSpread, spread == null ? "n/a" : String.format(Locale.ROOT, "%.0f", spread),
                    meanDaily == null ? "n/a" : String.format(Locale.ROOT, "%.0f", meanDaily),
                    sohDaily.size() < 2 ? "unknown (fewer than 2 days)"
                            : String.format(Locale.ROOT, "%.2f points/year over %d days", slope, sohDaily.size()));
        }
        return new Report(vin, now, soh, sohDaily, slope, cells, spread, stddev, meanDaily, grade, why);
    }

    /** Least-squares slope of the daily averages, per year (0 with fewer than two days). */
    static double slopePerYear(List<SignalAggregate> daily) {
        if (daily.size() < 2) {
            return 0;
        }
        double t0 = daily.get(0).start().getEpochSecond();
        double n = daily.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (SignalAggregate day : daily) {
            double x = (day.start().getEpochSecond() - t0) / 86_400.0;
            double y = day.avg();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator * 365.25;
    }
}
