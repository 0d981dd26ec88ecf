using System.Text;
using System.Text.Unicode;

namespace ECarto.Sources;

/// <summary>Opens a source file as text whatever its encoding: UTF-8 with or without BOM, or Windows-1252.</summary>
public static class SourceText
{
    private const int SniffBytes = 64 * 1024;

    static SourceText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Chooses the encoding, then reads the whole stream through it without loading it in memory. Bytes
    /// that are not valid UTF-8 mean the older exports' Windows-1252. A file (seekable stream) is checked
    /// whole, since its first accent may come late; another stream by its first 64 KB.
    /// </summary>
    public static async Task<TextReader> OpenAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        if (stream.CanSeek)
        {
            var start = stream.Position;
            var encoding = await DetectWholeAsync(stream, cancellationToken);
            stream.Position = start;
            return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        }
        // Works on network streams too: the sniffed head is read once, then replayed before the rest.
        var head = new byte[SniffBytes];
        var read = 0;
        while (read < head.Length)
        {
            var n = await stream.ReadAsync(head.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        var replay = new ConcatenatedStream(new MemoryStream(head, 0, read), stream);
        return new StreamReader(replay, Detect(head.AsSpan(0, read)), detectEncodingFromByteOrderMarks: true);
    }

    /// <summary>UTF-8 when every byte of the stream is valid UTF-8 (or it starts with its BOM), else Windows-1252.</summary>
    private static async Task<Encoding> DetectWholeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[SniffBytes];
        // A strict decoder keeps a character cut between two blocks (GetChars, not GetCharCount, carries
        // it over), and throws on an invalid byte.
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var decoder = utf8.GetDecoder();
        var chars = new char[utf8.GetMaxCharCount(buffer.Length)];
        var first = true;
        int n;
        try
        {
            while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (first && buffer.AsSpan(0, n).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false);
                first = false;
                decoder.GetChars(buffer, 0, n, chars, 0, flush: false);
            }
            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252);
        }
    }

    public static Encoding Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false);
        // The sniffed block may cut a multi-byte character at its end: ignore up to 3 trailing bytes.
        for (var trim = 0; trim <= Math.Min(3, head.Length); trim++)
        {
            if (Utf8.IsValid(head[..^trim])) return new UTF8Encoding(false);
        }
        return Encoding.GetEncoding(1252);
    }

    /// <summary>Reads one stream, then another: the sniffed head, then the rest of the source.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        private bool _firstDone;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_firstDone)
            {
                var n = first.Read(buffer, offset, count);
                if (n > 0) return n;
                _firstDone = true;
            }
            return second.Read(buffer, offset, count);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_firstDone)
            {
                var n = await first.ReadAsync(buffer, cancellationToken);
                if (n > 0) return n;
                _firstDone = true;
            }
            return await second.ReadAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                first.Dispose();
                second.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
