/* The floor: a bare ncurses animation of a 500-point braille curve over the whole screen at
 * 30 fps, what the cheapest full-screen terminal animation costs. Benchmarks/dashboard_cpu.sh
 * runs it beside the dashboard. Build: cc -O2 -o floor floor.c -lncursesw; q quits. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <math.h>
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(void) {
    setlocale(LC_ALL, "");
    initscr(); cbreak(); noecho(); curs_set(0); nodelay(stdscr, TRUE);
    static const unsigned char bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    unsigned char *dots = NULL;
    for (long frame = 0; getch() != 'q'; frame++) {
        int rows = LINES, cols = COLS;
        dots = realloc(dots, (size_t)rows * cols);
        memset(dots, 0, (size_t)rows * cols);
        double t = frame / 30.0;
        for (int i = 0; i < 500; i++) {  /* a travelling sine over the width */
            double u = i / 499.0;
            int x = (int)(u * (2 * cols - 1)), y = (int)((0.5 + 0.45 * sin(6.283 * (2 * u + t / 4))) * (4 * rows - 1));
            dots[(y / 4) * cols + x / 2] |= bit[y % 4][x % 2];
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                wchar_t cell[2] = {dots[r * cols + c] ? (wchar_t)(0x2800 + dots[r * cols + c]) : L' ', 0};
                mvaddnwstr(r, c, cell, 1);
            }
        refresh();
        struct timespec pause = {0, 1000000000L / 30};
        nanosleep(&pause, NULL);
    }
    endwin();
    free(dots);
    return 0;
}
