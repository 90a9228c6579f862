using System.Globalization;

namespace NotifyOrleans.Domain;

/// <summary>
/// How numbers read in messages: as the docs show them (12,345 files, 12.5 GB), in English like
/// the words around them, whatever language the server is set to (a host with LANG=de_DE.UTF-8
/// wrote "12,5 GB" and "12.345 files").
/// </summary>
public static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }

    /// <summary>A count with thousands separators: 12,345.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
