# plot.gp: draws bench/out/results.dat (written by ringbench) as two panels,
# messages per second and MB/s against the message size, log scales.
#   gnuplot -e "dir='out'" plot.gp
if (!exists("dir")) dir = "out"
data = dir."/results.dat"
n = 6                               # transports: columns 2..n+1 and n+2..2n+1

set datafile commentschars "#"
set key autotitle columnhead
set logscale xy
set xrange [7:300]
set xtics ("8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256)
set format y "10^{%L}"
set xlabel "message size (bytes)"
set grid
set style data linespoints

do for [fmt in "svg pngcairo"] {
    if (fmt eq "svg") {
        set terminal svg size 1100,440 dynamic enhanced font "sans,12"
        set output dir."/throughput.svg"
    } else {
        set terminal pngcairo size 1100,440 enhanced font "sans,10"
        set output dir."/throughput.png"
    }
    set multiplot layout 1,2 title "Two processes, two cores: lab 07's ring against a pipe and a socket pair (memcpy in one process: the limit)"
    unset key
    set ylabel "messages per second"
    set yrange [1e4:3e8]
    plot for [i=2:n+1] data using 1:i lw 2
    set key outside right top
    set ylabel "MB/s (10^6 bytes)"
    set yrange [0.1:1e5]
    plot for [i=n+2:2*n+1] data using 1:i lw 2
    unset multiplot
    set output
}
