<?xml version="1.0" encoding="UTF-8"?>
<!--
  newsletter.xsl: a programme description as the staff newsletter on joint working, in
  the style of the three councils' "Working Together": standalone HTML5 for browsers
  and for briefpack's paged-media engine.

  A masthead across the page (title, issue number, season, the councils), then two
  columns: "In this issue" with page numbers, the lead story, a pull-quote, the
  savings in a box, an update per workstream saying what changes for staff and when,
  the consultative forum, questions and answers, and who to contact. Plain English:
  short sentences, no abbreviations without their words, dates in full.

  The newsletter's own data (title, issue, season, lead story, quote, forum news,
  questions and answers, contacts) come from the programme's optional <newsletter>;
  the updates from each workstream's <for-staff>; the forum from the governance body
  of kind "consultative". Without a <newsletter>, the masthead says "news" and the
  lead story is the programme's summary.

  CSS keeps to the subset the PDF engine honours: column-count, column-gap and
  column-rule for the columns (balanced by the engine), target-counter() for the page
  numbers in "In this issue".

  The colours and the font are custom properties on :root (brand, ink, muted, paper,
  rule and the rest, and font-body), so a council restyles the document by overriding
  them in one rule.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                xmlns:exsl="http://exslt.org/common"
                extension-element-prefixes="exsl"
                exclude-result-prefixes="bp exsl">

  <xsl:import href="common.xsl"/>
  <xsl:import href="figures.xsl"/>
  <xsl:import href="changes.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:strip-space elements="*"/>
  <xsl:preserve-space elements="title short-title summary purpose text membership role remark
                                description reason lesson note work questions em strong link
                                para headline question answer"/>

  <xsl:variable name="p" select="/programme"/>
  <xsl:variable name="n" select="/programme/newsletter"/>

  <xsl:variable name="nl-title">
    <xsl:choose>
      <xsl:when test="$n/title"><xsl:value-of select="normalize-space($n/title)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat(normalize-space($p/short-title), ' news')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- "Spring 2007" -->
  <xsl:variable name="nl-date">
    <xsl:call-template name="bp:date">
      <xsl:with-param name="node" select="$n/date | $p/as-at[not($n/date)]"/>
      <xsl:with-param name="capitalise" select="true()"/>
    </xsl:call-template>
  </xsl:variable>

  <xsl:variable name="nl-issue">
    <xsl:if test="$n/@issue"><xsl:value-of select="concat('Issue ', $n/@issue)"/></xsl:if>
  </xsl:variable>

  <xsl:variable name="councils">
    <xsl:for-each select="$p/partners/partner">
      <xsl:if test="position() > 1">
        <xsl:choose>
          <xsl:when test="position() = last()"> and </xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:call-template name="place-name"/>
    </xsl:for-each>
  </xsl:variable>

  <!-- A partner as a place: its short name, else its name without "Borough Council"
       and the like ("Dunmere"). -->
  <xsl:template name="place-name">
    <xsl:param name="partner" select="."/>
    <xsl:variable name="name" select="normalize-space($partner/name)"/>
    <xsl:choose>
      <xsl:when test="$partner/short-name"><xsl:value-of select="normalize-space($partner/short-name)"/></xsl:when>
      <xsl:when test="contains($name, ' Borough Council')"><xsl:value-of select="substring-before($name, ' Borough Council')"/></xsl:when>
      <xsl:when test="contains($name, ' District Council')"><xsl:value-of select="substring-before($name, ' District Council')"/></xsl:when>
      <xsl:when test="contains($name, ' County Council')"><xsl:value-of select="substring-before($name, ' County Council')"/></xsl:when>
      <xsl:when test="contains($name, ' City Council')"><xsl:value-of select="substring-before($name, ' City Council')"/></xsl:when>
      <xsl:when test="contains($name, ' Council')"><xsl:value-of select="substring-before($name, ' Council')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the consultative forum: the body of kind "consultative"; in a file that gives no
       kinds, the first body whose name says it is a consultative forum -->
  <xsl:variable name="forum"
                select="($p/governance/body[@kind = 'consultative']
                         | $p/governance[not(body/@kind = 'consultative')]/body
                           [contains(name, 'Consultative') or contains(name, 'Forum')])[1]"/>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:apply-templates select="programme"/>
  </xsl:template>

  <xsl:template match="programme">
    <html lang="en-GB">
      <head>
        <meta charset="UTF-8"/>
        <title>
          <xsl:value-of select="$nl-title"/>
          <xsl:if test="$nl-issue != ''"><xsl:value-of select="concat(', ', $nl-issue)"/></xsl:if>
          <xsl:value-of select="concat(', ', $nl-date)"/>
        </title>
        <meta name="author" content="{concat('The joint working programme of ', $councils, ' councils')}"/>
        <meta name="description">
          <xsl:attribute name="content">
            <xsl:value-of select="concat('Staff newsletter on joint working between ', $councils,
                                         ' councils: what changes for staff, and when.')"/>
          </xsl:attribute>
        </meta>
        <meta name="keywords">
          <xsl:attribute name="content">
            <xsl:text>staff newsletter, joint working</xsl:text>
            <xsl:for-each select="workstreams/workstream">
              <xsl:value-of select="concat(', ', normalize-space(name))"/>
            </xsl:for-each>
          </xsl:attribute>
        </meta>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <header class="masthead">
          <h1><xsl:value-of select="$nl-title"/></h1>
          <p class="strap">
            <xsl:value-of select="concat('News for staff on joint working between ', $councils, ' councils')"/>
          </p>
          <p class="issue">
            <xsl:if test="$nl-issue != ''">
              <span class="issue-number"><xsl:value-of select="$nl-issue"/></span>
              <xsl:text> · </xsl:text>
            </xsl:if>
            <span class="season"><xsl:value-of select="$nl-date"/></span>
          </p>
        </header>
        <xsl:variable name="sections-rtf">
          <xsl:call-template name="lead"/>
          <xsl:call-template name="savings"/>
          <xsl:call-template name="updates"/>
          <xsl:call-template name="bp:changes-section">
            <xsl:with-param name="heading" select="'What has changed since the last issue'"/>
          </xsl:call-template>
          <xsl:call-template name="forum"/>
          <xsl:call-template name="questions"/>
          <xsl:call-template name="contacts"/>
        </xsl:variable>
        <xsl:variable name="sections" select="exsl:node-set($sections-rtf)/section"/>
        <div class="columns">
          <nav class="in-this-issue" aria-labelledby="in-this-issue">
            <h2 id="in-this-issue">In this issue</h2>
            <ul>
              <xsl:for-each select="$sections">
                <li><a href="#{@id}"><xsl:value-of select="normalize-space(h2)"/></a></li>
              </xsl:for-each>
            </ul>
          </nav>
          <main>
            <xsl:copy-of select="$sections"/>
          </main>
          <footer>
            <p>
              <xsl:value-of select="concat($nl-title, ' is written for the staff of ', $councils,
                                           ' councils by the ', normalize-space(short-title), ' programme. ')"/>
              <xsl:if test="$nl-issue != ''"><xsl:value-of select="concat($nl-issue, ', ')"/></xsl:if>
              <xsl:value-of select="concat($nl-date, '. ')"/>
              <xsl:call-template name="bp:classification"/>
              <xsl:text>.</xsl:text>
            </p>
          </footer>
        </div>
      </body>
    </html>
  </xsl:template>

  <!-- ======================================================== lead story -->

  <xsl:template name="lead">
    <section id="lead" class="lead">
      <h2>
        <xsl:choose>
          <xsl:when test="$n/lead/headline"><xsl:value-of select="normalize-space($n/lead/headline)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat('News from the ', normalize-space(title))"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:choose>
        <xsl:when test="$n/lead/para">
          <xsl:for-each select="$n/lead/para">
            <p>
              <xsl:if test="position() = 1"><xsl:attribute name="class">standfirst</xsl:attribute></xsl:if>
              <xsl:apply-templates select="node()" mode="inline"/>
            </p>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="summary">
          <p class="standfirst"><xsl:value-of select="normalize-space(summary)"/></p>
        </xsl:when>
      </xsl:choose>
      <xsl:for-each select="$n/quote">
        <figure class="pull-quote">
          <blockquote>
            <p><xsl:apply-templates select="text/node()" mode="inline"/></p>
          </blockquote>
          <xsl:if test="by">
            <figcaption>
              <xsl:call-template name="bp:person"><xsl:with-param name="node" select="by"/></xsl:call-template>
            </figcaption>
          </xsl:if>
        </figure>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- ====================================================== savings box -->

  <xsl:template name="savings">
    <xsl:if test="$bp-savings">
      <xsl:variable name="f"><xsl:call-template name="bp:funding-amount"/></xsl:variable>
      <section id="savings" class="box">
        <h2>The savings</h2>
        <p>
          <xsl:text>The shared services should save </xsl:text>
          <strong>
            <xsl:call-template name="bp:money">
              <xsl:with-param name="amount" select="sum($bp-savings/money/@amount)"/>
              <xsl:with-param name="currency" select="$bp-currency"/>
            </xsl:call-template>
            <xsl:text> a year</xsl:text>
          </strong>
          <xsl:text>. This money stays with the councils to spend on services.</xsl:text>
        </p>
        <xsl:if test="$f > 0">
          <p>
            <xsl:text>The project was paid for with a grant of </xsl:text>
            <xsl:call-template name="bp:money">
              <xsl:with-param name="amount" select="$f"/>
              <xsl:with-param name="currency" select="$bp-currency"/>
            </xsl:call-template>
            <xsl:text>. Each </xsl:text>
            <xsl:call-template name="bp:money">
              <xsl:with-param name="amount" select="1"/>
              <xsl:with-param name="currency" select="$bp-currency"/>
            </xsl:call-template>
            <xsl:text> of the grant should save </xsl:text>
            <strong>
              <xsl:call-template name="bp:money">
                <xsl:with-param name="amount" select="format-number(sum($bp-savings/money/@amount) div $f, '0.00')"/>
                <xsl:with-param name="currency" select="$bp-currency"/>
              </xsl:call-template>
            </strong>
            <xsl:text> every year.</xsl:text>
          </p>
        </xsl:if>
        <ul class="figures">
          <xsl:for-each select="workstreams/workstream[annual-savings]">
            <li>
              <xsl:value-of select="concat(normalize-space(name), ': ')"/>
              <xsl:call-template name="bp:savings-amount"><xsl:with-param name="node" select="annual-savings"/></xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ========================================================= updates -->

  <xsl:template name="updates">
    <section id="updates">
      <h2>What changes for you, and when</h2>
      <p>
        <xsl:text>There are </xsl:text>
        <xsl:call-template name="bp:number-word"><xsl:with-param name="n" select="count(workstreams/workstream)"/></xsl:call-template>
        <xsl:text> shared service projects. </xsl:text>
        <xsl:variable name="summary"><xsl:call-template name="bp:status-summary"/></xsl:variable>
        <xsl:value-of select="concat(translate(substring($summary, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
                                     substring($summary, 2), '.')"/>
      </p>
      <xsl:for-each select="workstreams/workstream">
        <div class="update" id="update-{@id}">
          <h3><xsl:value-of select="normalize-space(name)"/></h3>
          <p class="where">
            <xsl:call-template name="plain-status"/>
            <xsl:if test="for-staff/@posts">
              <xsl:value-of select="concat(' It concerns ', for-staff/@posts, ' posts.')"/>
            </xsl:if>
          </p>
          <xsl:choose>
            <xsl:when test="for-staff/change">
              <ul class="changes">
                <xsl:for-each select="for-staff/change">
                  <li>
                    <xsl:if test="when">
                      <strong class="when">
                        <xsl:call-template name="bp:date">
                          <xsl:with-param name="node" select="when"/>
                          <xsl:with-param name="capitalise" select="true()"/>
                        </xsl:call-template>
                        <xsl:text>: </xsl:text>
                      </strong>
                    </xsl:if>
                    <xsl:apply-templates select="text/node()" mode="inline"/>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise>
              <p>Nothing changes for staff yet. We will tell you before anything does.</p>
            </xsl:otherwise>
          </xsl:choose>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- "Agreed. Chesterfield will run it for all three councils from April 2007." -->
  <xsl:template name="plain-status">
    <xsl:variable name="host" select="key('bp-partner', @host)"/>
    <xsl:variable name="host-name">
      <xsl:call-template name="place-name"><xsl:with-param name="partner" select="$host"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="all">
      <xsl:text>all </xsl:text>
      <xsl:call-template name="bp:number-word"><xsl:with-param name="n" select="count($p/partners/partner)"/></xsl:call-template>
      <xsl:text> councils</xsl:text>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@status = 'operational' and $host">
        <xsl:value-of select="concat('Up and running. ', $host-name, ' runs it for ', $all, '.')"/>
      </xsl:when>
      <xsl:when test="@status = 'operational'">Up and running.</xsl:when>
      <xsl:when test="(@status = 'agreed' or @status = 'implementing') and $host">
        <xsl:choose>
          <xsl:when test="@status = 'implementing'">Being set up. </xsl:when>
          <xsl:otherwise>Agreed. </xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat($host-name, ' will run it for ', $all)"/>
        <xsl:if test="go-live">
          <xsl:text> </xsl:text>
          <xsl:call-template name="from-date"><xsl:with-param name="node" select="go-live"/></xsl:call-template>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:when test="@status = 'agreed-subject-to-approval' and $host">
        <xsl:value-of select="concat('Agreed, if each council approves it. ', $host-name, ' would run it for ', $all)"/>
        <xsl:if test="go-live">
          <xsl:text> </xsl:text>
          <xsl:call-template name="from-date"><xsl:with-param name="node" select="go-live"/></xsl:call-template>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:when test="@status = 'business-case'">A business case is being written.</xsl:when>
      <xsl:when test="@status = 'options-appraisal'">The options are being looked at.</xsl:when>
      <xsl:otherwise>
        <xsl:text>Still being considered</xsl:text>
        <xsl:if test="completion">
          <xsl:text>: a decision is expected </xsl:text>
          <xsl:call-template name="bp:date-phrase"><xsl:with-param name="node" select="completion"/></xsl:call-template>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "from April 2007", "from 1 April 2007", "from mid 2007" -->
  <xsl:template name="from-date">
    <xsl:param name="node"/>
    <xsl:text>from </xsl:text>
    <xsl:call-template name="bp:date"><xsl:with-param name="node" select="$node"/></xsl:call-template>
  </xsl:template>

  <!-- =========================================================== forum -->

  <xsl:template name="forum">
    <xsl:if test="$forum or $n/forum">
      <section id="forum">
        <h2>
          <xsl:text>Your voice</xsl:text>
          <xsl:if test="$forum"><xsl:value-of select="concat(': the ', normalize-space($forum/name))"/></xsl:if>
        </h2>
        <xsl:if test="$forum">
          <p>
            <xsl:text>Members: </xsl:text>
            <xsl:apply-templates select="$forum/membership/node()" mode="inline"/>
          </p>
          <xsl:if test="$forum/role">
            <p>
              <xsl:text>What it does: </xsl:text>
              <xsl:apply-templates select="$forum/role/node()" mode="inline"/>
            </p>
          </xsl:if>
        </xsl:if>
        <xsl:for-each select="$n/forum/para">
          <p><xsl:apply-templates select="node()" mode="inline"/></p>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ====================================================== questions -->

  <xsl:template name="questions">
    <xsl:if test="$n/questions-and-answers">
      <section id="questions">
        <h2>Your questions answered</h2>
        <dl class="qa">
          <xsl:for-each select="$n/questions-and-answers/qa">
            <dt><xsl:apply-templates select="question/node()" mode="inline"/></dt>
            <dd><xsl:apply-templates select="answer/node()" mode="inline"/></dd>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ======================================================== contacts -->

  <xsl:template name="contacts">
    <xsl:variable name="people" select="($n/contact | $p/closing/contact[not($n/contact)]
                                         | $p/contact-officer[not($n/contact or $p/closing/contact)])"/>
    <section id="contacts">
      <h2>Who to contact</h2>
      <p>If you have a question about joint working, ask your manager, your trade union representative or:</p>
      <ul class="contacts">
        <xsl:for-each select="$people">
          <li>
            <xsl:call-template name="bp:person"/>
            <xsl:if test="email">
              <br/>
              <a href="mailto:{normalize-space(email)}"><xsl:value-of select="normalize-space(email)"/></a>
            </xsl:if>
            <xsl:if test="phone">
              <br/>
              <xsl:value-of select="concat('Telephone ', normalize-space(phone))"/>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ===================================================================== CSS -->

  <xsl:template name="css">
    <xsl:text>
:root {
  /* The palette and type: restyle a pack by overriding these. */
  --brand: #1d3f6e;
  --ink: #1a1a1a;
  --muted: #4a4a4a;
  --paper: #ffffff;
  --on-brand: #ffffff;
  --surface: #f2f5fa;
  --surface-strong: #e6edf6;
  --rule: #b8c4d6;
  --font-body: "Liberation Sans", Arial, Helvetica, sans-serif;
}
</xsl:text>
    <xsl:text>
@page {
  size: A4;
  margin: 14mm 14mm 18mm 14mm;
  @bottom-center {
    content: string(issue) " · Page " counter(page) " of " counter(pages);
    font-family: var(--font-body);
    font-size: 9pt;
    color: var(--muted);
  }
}
head, style, title { display: none; }
html { background-color: var(--paper); }
body {
  display: block;
  max-width: 58em;
  margin: 0 auto;
  padding: 0;
  font-family: var(--font-body);
  font-size: 12pt;
  line-height: 1.4;
  color: var(--ink);
  background-color: var(--paper);
}
header, main, section, footer, div, nav, figure, blockquote { display: block; }
.masthead {
  margin: 0 0 10pt 0;
  padding: 10pt 14pt 10pt 14pt;
  background-color: var(--brand);
  color: var(--on-brand);
  border-radius: 4pt;
}
.masthead h1 {
  margin: 0;
  font-size: 34pt;
  line-height: 1.1;
  font-weight: bold;
  color: var(--on-brand);
}
.masthead .strap { margin: 2pt 0 6pt 0; font-size: 12pt; color: var(--on-brand); }
.masthead .issue {
  margin: 0;
  padding: 4pt 0 0 0;
  border-top: 1pt solid var(--on-brand);
  font-size: 12pt;
  font-weight: bold;
  color: var(--on-brand);
  string-set: issue content();
}
.columns {
  column-count: 2;
  column-gap: 9mm;
  column-rule: 1pt solid var(--rule);
}
h2, h3 {
  display: block;
  font-weight: bold;
  line-height: 1.2;
  color: var(--brand);
  break-after: avoid;
  page-break-after: avoid;
}
h2 { font-size: 16pt; margin: 12pt 0 5pt 0; }
h3 { font-size: 13pt; margin: 9pt 0 3pt 0; }
p { display: block; margin: 0 0 6pt 0; orphans: 2; widows: 2; }
em { font-style: italic; }
strong { font-weight: bold; }
a { color: var(--brand); }
ul { display: block; margin: 0 0 6pt 0; padding: 0 0 0 1.2em; list-style-type: disc; }
li { display: list-item; margin: 0 0 4pt 0; }
.in-this-issue {
  margin: 0 0 8pt 0;
  padding: 6pt 8pt 4pt 8pt;
  border: 1pt solid var(--brand);
  background-color: var(--surface);
}
.in-this-issue h2 { margin: 0 0 4pt 0; font-size: 13pt; }
.in-this-issue ul { list-style-type: none; margin: 0; padding: 0; }
.in-this-issue li { margin: 0 0 2pt 0; font-size: 11pt; }
.in-this-issue a { color: var(--ink); text-decoration: none; }
.in-this-issue a::after { content: leader(dotted) " " target-counter(attr(href), page); }
section.lead h2 { font-size: 20pt; margin-top: 0; }
.standfirst { font-size: 13pt; font-weight: bold; }
.pull-quote {
  margin: 8pt 0 10pt 0;
  padding: 6pt 0 6pt 0;
  border-top: 3pt solid var(--brand);
  border-bottom: 3pt solid var(--brand);
  break-inside: avoid;
  page-break-inside: avoid;
}
.pull-quote blockquote { margin: 0; }
.pull-quote p {
  margin: 0 0 4pt 0;
  font-size: 16pt;
  line-height: 1.3;
  font-weight: bold;
  color: var(--brand);
}
.pull-quote p::before { content: "“"; }
.pull-quote p::after { content: "”"; }
.pull-quote figcaption { display: block; font-size: 11pt; color: var(--muted); }
.pull-quote figcaption::before { content: "— "; }
.box {
  margin: 8pt 0 8pt 0;
  padding: 4pt 8pt 2pt 8pt;
  background-color: var(--surface-strong);
  border-left: 4pt solid var(--brand);
  break-inside: avoid;
  page-break-inside: avoid;
}
.box h2 { margin-top: 2pt; }
ul.figures { list-style-type: none; padding: 0; }
ul.figures li { margin: 0 0 2pt 0; font-weight: bold; }
.update { break-inside: avoid; page-break-inside: avoid; }
.where { font-style: italic; }
ul.changes li { margin: 0 0 4pt 0; }
.when { color: var(--brand); }
dl.qa { display: block; margin: 0; }
dl.qa dt { display: block; font-weight: bold; margin: 6pt 0 2pt 0; break-after: avoid; page-break-after: avoid; }
dl.qa dt::before { content: "Q: "; color: var(--brand); }
dl.qa dd { display: block; margin: 0 0 4pt 0; }
dl.qa dd::before { content: "A: "; font-weight: bold; color: var(--brand); }
ul.contacts { list-style-type: none; padding: 0; }
footer {
  margin: 12pt 0 0 0;
  padding: 6pt 0 0 0;
  border-top: 1pt solid var(--brand);
  font-size: 10pt;
  color: var(--muted);
}
footer p { margin: 0; }
</xsl:text>
  </xsl:template>

</xsl:stylesheet>
