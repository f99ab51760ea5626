#include "config.h"
#include "mamori-test-utils.h"
int main (int argc, char **argv) { mt_init (&argc, &argv); return g_test_run (); }
