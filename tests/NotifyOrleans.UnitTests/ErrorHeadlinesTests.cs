using NotifyOrleans.Domain;

namespace NotifyOrleans.UnitTests;

public sealed class ErrorHeadlinesTests
{
    [Theory]
    [InlineData("Duplicati.Library.Interface.UserInformationException: No valid source folders found, aborting backup as it would be empty\n2026-11-22 05:27:55 +00 - [Error-x]: y",
        "No valid source folders found, aborting backup as it would be empty")]
    [InlineData("2026-11-22 05:27:54 +00 - [Warning-Duplicati.Library.Main.Operation.Backup.FileEnumerationProcess-PathProcessingErrorMetadata]: Failed to process extended attributes for path: /data\nmore",
        "Failed to process extended attributes for path: /data")]
    [InlineData("\n  Fatal: unable to open repository at /srv/restic: Is there a repository at the following location?\n", "Fatal: unable to open repository at /srv/restic: Is there a repository at the following location?")]
    [InlineData("disk full", "disk full")]
    [InlineData("Exit code 3: restic could not read some source files", "Exit code 3: restic could not read some source files")] // not a type name
    [InlineData("System.IO.IOException: ", "System.IO.IOException:")] // nothing after the type: the error as it was
    public void The_headline_is_the_first_line_without_the_log_prefix_or_exception_type(string error, string headline) =>
        Assert.Equal(headline, ErrorHeadlines.Of(error));
}
