/*
 * bcryptprimitives.dll for checking the Windows build under Wine 8
 * (Debian 12's wine64), never shipped.
 *
 * Go's runtime (1.22 and later) calls ProcessPrng from bcryptprimitives.dll,
 * which every Windows since 10 has; Wine only gained that DLL in 9.0, and a
 * Go program under Wine 8 stops with "bcryptprimitives.dll not found".
 * scripts/dist-check.sh builds this file with mingw-w64 and copies it into
 * its throwaway Wine prefix when Wine has no bcryptprimitives.dll of its
 * own. The same workaround: https://github.com/mozilla/glean/pull/2823
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
