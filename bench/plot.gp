# plot.gp: draws bench/out/results.dat and crossovers.dat (written by
# ringbench) as two panels against the message size, both on log scales:
# MB/s of every channel with memcpy as the limit, and each channel's MB/s
# divided by the pipe's, where 1 and 3 are marked and each crossover (the
# size from which a shared-memory channel stays ahead of the pipe) is labelled.
#   gnuplot -e "dir='out'" plot.gp
if (!exists("dir")) dir = "out"
data = dir."/results.dat"
cross = dir."/crossovers.dat"
pipe = 2                            # columns of results.dat: bytes, then these
first = 3                           # socketpair, lab-ring, lab-ring-1M, spsc, zero-copy
last = 7
memcpy = 8

# A crossover's label: beside its circle, a little higher for each further
# channel (crossovers.dat's third column: ringbench's channel number, 2 for
# lab-ring), so that two crossovers at one size do not print over each other.
label_y(ratio, channel) = ratio * 1.5 ** (channel - 2)
# ... to the right of its circle, or, near the right edge, to its left: one
# plot of labels (gnuplot 5.4 crashes on a plot of labels with no point).
label_x(size) = size < 1e5 ? size * 1.4 : size / 14

# How many crossovers there are: their circles and labels are drawn only
# when there is one at least (a loop over 1:0 draws nothing).
stats cross using 1 nooutput
crossings = exists("STATS_records") ? (STATS_records > 0) : 0

set datafile commentschars "#"
set datafile missing "-"
set logscale xy
set xrange [6:1.5e6]
set xtics ("8 B" 8, "64 B" 64, "512 B" 512, "4 KiB" 4096, "32 KiB" 32768, \
           "256 KiB" 262144, "1 MiB" 1048576)
set format y "%g"
set xlabel "message size"
set grid
set style data linespoints
set style line 1 lc rgb "#000000" lw 2 pt 7               # pipe
set style line 2 lc rgb "#7f7f7f" lw 2 pt 5               # socketpair
set style line 3 lc rgb "#d62728" lw 2 pt 9               # lab-ring
set style line 4 lc rgb "#ff7f0e" lw 2 pt 8               # lab-ring-1M
set style line 5 lc rgb "#1f77b4" lw 2 pt 11              # spsc
set style line 6 lc rgb "#2ca02c" lw 2 pt 13              # zero-copy
set style line 7 lc rgb "#9467bd" lw 2 dt 2 pt 0          # memcpy

do for [fmt in "svg pngcairo"] {
    if (fmt eq "svg") {
        set terminal svg size 1200,480 dynamic enhanced font "sans,12"
        set output dir."/throughput.svg"
    } else {
        set terminal pngcairo size 1200,480 enhanced font "sans,10"
        set output dir."/throughput.png"
    }
    set multiplot layout 1,2 title \
        "When does shared memory win? Two processes on this machine's cores; memcpy in one process"
    set key top left
    set ylabel "MB/s (10^6 bytes a second)"
    set yrange [*:*]
    plot for [i=pipe:memcpy] data using 1:i title columnhead(i) ls (i - 1)
    unset key
    set ylabel "times the pipe's MB/s (circled: crossovers)"
    set yrange [0.005:100]
    set label 1 "pipe" at 1.3e6,0.85 right font ",9"
    set label 2 "3x the pipe" at 1.3e6,2.55 right font ",9"
    plot 1 ls 1 with lines, \
         3 lc rgb "#000000" dt 3 with lines, \
         for [i=first:last] data using 1:(column(i) / column(pipe)) title columnhead(i) \
             ls (i - 1), \
         for [c=1:crossings] cross using 1:2 with points pt 6 ps 2 lc rgb "#000000" notitle, \
         for [c=1:crossings] cross using (label_x($1)):(label_y($2, $3)):4 with labels left \
             font ",9" notitle
    unset multiplot
    unset label
    set output
}
